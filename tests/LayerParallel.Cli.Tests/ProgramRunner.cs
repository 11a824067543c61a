using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace LayerParallel.Cli.Tests;

/// <summary>
/// Runs the built <c>layerparallel</c> program as a real process: alone (one rank, no launcher)
/// or under <c>mpiexec -n P</c>. The program's dll sits in this test project's output folder
/// because the project references the program.
/// </summary>
public static class ProgramRunner
{
    /// <summary>Wall-time limit of a run when the caller gives none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    private static readonly Lazy<(string? Launcher, string? Problem)> Mpi = new(FindMpi);

    /// <summary>The program's dll, next to this test assembly.</summary>
    public static string ProgramDll => Path.Combine(AppContext.BaseDirectory, "layerparallel.dll");

    /// <summary>
    /// True when parallel runs can work here: <c>mpiexec</c> is on the PATH, it is MPICH's
    /// launcher (not Open MPI's), and <c>libmpich.so.12</c> loads.
    /// </summary>
    public static bool MpiAvailable => Mpi.Value.Problem is null;

    /// <summary>Why <see cref="MpiAvailable"/> is false (a skip reason); null when true.</summary>
    public static string? MpiUnavailableReason => Mpi.Value.Problem;

    /// <summary>
    /// MPICH's launcher: <c>mpiexec.mpich</c> when installed (it stays MPICH's even where Open MPI
    /// owns the plain name), else <c>mpiexec</c>; null without MPI.
    /// </summary>
    public static string? Launcher => Mpi.Value.Launcher;

    /// <summary>
    /// Runs <c>layerparallel <paramref name="args"/></c> and waits for it. With
    /// <paramref name="ranks"/> 0 the program is a plain process (<c>dotnet layerparallel.dll</c>);
    /// with 1 or more it is started as <c>mpiexec -n ranks dotnet layerparallel.dll</c>
    /// (<see cref="Launcher"/>).
    /// </summary>
    /// <remarks>
    /// Children get <c>OPENBLAS_NUM_THREADS=1</c> (unless set) and no inherited launcher variables.
    /// </remarks>
    /// <exception cref="TimeoutException">
    /// The run took longer than <paramref name="timeout"/> (default
    /// <see cref="DefaultTimeout"/>); the whole process tree (launcher and every rank) has been
    /// killed, and the message carries the output so far.
    /// </exception>
    /// <exception cref="InvalidOperationException">Ranks were asked for without MPI.</exception>
    public static RunResult Run(
        IReadOnlyList<string> args,
        int ranks = 0,
        TimeSpan? timeout = null,
        string? workingDirectory = null) =>
        Run(args, new Dictionary<string, string?>(), ranks, timeout, workingDirectory);

    /// <summary>
    /// <see cref="Run(IReadOnlyList{string}, int, TimeSpan?, string?)"/> with extra environment
    /// variables for the child (a null value removes the variable).
    /// </summary>
    public static RunResult Run(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?> environment,
        int ranks = 0,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfNegative(ranks);
        if (ranks > 0 && !MpiAvailable)
        {
            throw new InvalidOperationException(
                $"cannot run on {ranks} ranks: {MpiUnavailableReason}");
        }

        if (!File.Exists(ProgramDll))
        {
            throw new InvalidOperationException(
                $"the program is not built: {ProgramDll} is missing");
        }

        var limit = timeout ?? DefaultTimeout;
        var info = StartInfo(args, ranks, workingDirectory);
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            KillTree(process);
            throw new TimeoutException(
                $"'{Describe(args, ranks)}' did not finish within {limit.TotalSeconds:F0} s and " +
                $"was killed with all its processes\n--- stdout ---\n{Snapshot(stdout)}\n" +
                $"--- stderr ---\n{Snapshot(stderr)}");
        }

        // The parameterless wait drains the asynchronous readers to the end of both streams.
        process.WaitForExit();
        return new RunResult(process.ExitCode, Snapshot(stdout), Snapshot(stderr));
    }

    private static ProcessStartInfo StartInfo(
        IReadOnlyList<string> args, int ranks, string? workingDirectory)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        if (ranks > 0)
        {
            info.FileName = Launcher!;
            info.ArgumentList.Add("-n");
            info.ArgumentList.Add($"{ranks}");
            info.ArgumentList.Add(DotnetHost());
        }
        else
        {
            info.FileName = DotnetHost();
        }

        info.ArgumentList.Add(ProgramDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // A test host started under a launcher must not make the child believe it is a rank.
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("PMI_", StringComparison.Ordinal)
                || key.StartsWith("HYDRA_", StringComparison.Ordinal))
            {
                info.Environment.Remove(key);
            }
        }

        if (!info.Environment.ContainsKey("OPENBLAS_NUM_THREADS"))
        {
            info.Environment["OPENBLAS_NUM_THREADS"] = "1";
        }

        return info;
    }

    // The same dotnet that runs the tests, so the child uses the same runtime.
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? self
            : "dotnet";
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sink)
        {
            sink.Append(line).Append('\n');
        }
    }

    private static string Snapshot(StringBuilder sink)
    {
        lock (sink)
        {
            return sink.ToString();
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
    }

    private static string Describe(IReadOnlyList<string> args, int ranks) =>
        (ranks > 0 ? $"mpiexec -n {ranks} " : string.Empty)
        + "layerparallel " + string.Join(' ', args);

    private static (string? Launcher, string? Problem) FindMpi()
    {
        var launcher = FindOnPath("mpiexec.mpich") ?? FindOnPath("mpiexec");
        if (launcher is null)
        {
            return (null, "MPI is not installed (no mpiexec on the PATH; apt-get install mpich)");
        }

        if (!NativeLibrary.TryLoad("libmpich.so.12", out var handle))
        {
            return (null, "libmpich.so.12 (MPICH) cannot be loaded; apt-get install mpich");
        }

        NativeLibrary.Free(handle);
        var version = LauncherVersion(launcher);
        if (version.Contains("Open MPI", StringComparison.OrdinalIgnoreCase)
            || version.Contains("OpenRTE", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"{launcher} is Open MPI's launcher; LayerParallel needs MPICH's (hydra)");
        }

        return (launcher, null);
    }

    private static string LauncherVersion(string launcher)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(launcher, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var stderrTask = p.StandardError.ReadToEndAsync();
            var text = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(10_000))
            {
                p.Kill(entireProcessTree: true);
            }

            return text + stderrTask.Result;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return string.Empty;
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
