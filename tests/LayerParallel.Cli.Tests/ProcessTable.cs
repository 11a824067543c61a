namespace LayerParallel.Cli.Tests;

/// <summary>The processes of this machine, read from <c>/proc</c>, for tests that check
/// that a job left nothing behind or that kill one rank.</summary>
public static class ProcessTable
{
    /// <summary>Processes other than this one whose argument list satisfies
    /// <paramref name="match"/>, by ascending process id.</summary>
    public static List<int> Find(Func<string[], bool> match)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (match(File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0')))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        found.Sort();
        return found;
    }

    /// <summary>Processes whose arguments include every one of <paramref name="words"/>.</summary>
    public static List<int> WithArguments(params string[] words) =>
        Find(command => words.All(command.Contains));
}
