using System.Diagnostics;
using System.Text;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>A node agent (samples/Agent) started as a real child process: <c>dotnet upgrade-agent.dll</c>.</summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly ProcessStartInfo _startInfo;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public AgentProcess(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        _startInfo = new ProcessStartInfo(DotnetPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _startInfo.ArgumentList.Add(AgentDll);
        foreach (var argument in arguments)
        {
            _startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            _startInfo.Environment[name] = value;
        }
    }

    public static string DotnetPath =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>Gets the agent's entry assembly, built next to the tests (artifacts layout or project layout).</summary>
    public static string AgentDll
    {
        get
        {
            var testDirectory = AppContext.BaseDirectory;
            var artifacts = Path.GetFullPath(Path.Combine(testDirectory, "..", "..", "Agent", Path.GetFileName(Path.TrimEndingDirectorySeparator(testDirectory)), "upgrade-agent.dll"));
            if (File.Exists(artifacts))
            {
                return artifacts;
            }

            var configuration = testDirectory.Contains("Debug", StringComparison.OrdinalIgnoreCase) ? "Debug" : "Release";
            var repo = Path.GetFullPath(Path.Combine(testDirectory, "..", "..", "..", "..", ".."));
            var project = Path.Combine(repo, "samples", "Agent", "bin", configuration, "net10.0", "upgrade-agent.dll");
            return File.Exists(project) ? project : throw new FileNotFoundException($"The agent was not built: neither {artifacts} nor {project} exists.");
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Start()
    {
        var process = new Process { StartInfo = _startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL: the agent gets no chance to clean up.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();

            // The timed overload: the node the agent started inherits its output pipes and keeps them open.
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
