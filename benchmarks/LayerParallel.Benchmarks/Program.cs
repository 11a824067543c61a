using System.Reflection;

namespace LayerParallel.Benchmarks;

/// <summary>Benchmark driver: finds every <see cref="IBenchmark"/> in this assembly.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var all = Assembly.GetExecutingAssembly().GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var chosen = args.Length > 0 ? all.FirstOrDefault(b => b.Name == args[0]) : null;
        if (chosen is null)
        {
            Console.WriteLine("usage: lp-bench NAME [args]\n\nbenchmarks:");
            foreach (var b in all)
            {
                Console.WriteLine($"  {b.Name,-16} {b.Summary}");
            }

            return args.Length == 0 ? 0 : 2;
        }

        return chosen.Run(args[1..]);
    }
}
