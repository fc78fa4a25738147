using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Upgrade.Transport.Grpc.Tests;

/// <summary>
/// samples/ControlPlane started as a real child process in networked-agents mode: its REST API on plain loopback HTTP,
/// its agent hub on loopback HTTPS.
/// </summary>
internal sealed class ControlPlaneServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public ControlPlaneServiceProcess(ProcessFleet fleet, string stateDirectory, string apiKeySha256)
    {
        ApiPort = FreePort();
        AgentPort = FreePort();
        var startInfo = new ProcessStartInfo(AgentProcess.DotnetPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = stateDirectory,
        };
        string[] arguments =
        [
            Dll,
            "--Kestrel:Endpoints:Api:Url", $"http://127.0.0.1:{ApiPort}",
            "--Kestrel:Endpoints:Agents:Url", $"https://127.0.0.1:{AgentPort}",
            "--Kestrel:Endpoints:Agents:Protocols", "Http2",
            "--Kestrel:Endpoints:Agents:Certificate:Path", fleet.Certificates.ServerPemPath,
            "--Kestrel:Endpoints:Agents:Certificate:KeyPath", fleet.Certificates.ServerKeyPemPath,
            "--Logging:LogLevel:Default", "Warning",
            "--ControlPlane:StateDirectory", stateDirectory,
            "--ControlPlane:WorkerPollInterval", "00:00:00.200",
            "--ControlPlane:DemoFleet:Nodes", "0",
            "--ControlPlane:DemoFleet:HealthPollInterval", "00:00:00.200",
            "--ControlPlane:Chains:" + ProcessFleet.ChainProfileId, "process",
            "--ControlPlane:Authentication:GenerateAdminKey", "false",
            "--ControlPlane:Authentication:ApiKeys:0:Name", "tests",
            "--ControlPlane:Authentication:ApiKeys:0:Sha256", apiKeySha256,
            "--ControlPlane:Authentication:ApiKeys:0:Scopes:0", "admin",
            "--ControlPlane:NetworkedAgents:Enabled", "true",
            "--ControlPlane:NetworkedAgents:ConfigDirectory", fleet.ConfigDirectory,
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        for (var i = 0; i < fleet.NodeIds.Count; i++)
        {
            var nodeId = fleet.NodeIds[i];
            var prefix = $"--ControlPlane:NetworkedAgents:Nodes:{i}:";
            startInfo.ArgumentList.Add(prefix + "Id");
            startInfo.ArgumentList.Add(nodeId);
            startInfo.ArgumentList.Add(prefix + "TokenSha256");
            startInfo.ArgumentList.Add(AgentCredentials.HashToken(fleet.Tokens[nodeId]));
            startInfo.ArgumentList.Add(prefix + "ChainProfileId");
            startInfo.ArgumentList.Add(ProcessFleet.ChainProfileId);
            startInfo.ArgumentList.Add(prefix + "NodeType");
            startInfo.ArgumentList.Add(ProcessFleet.NodeType);
            startInfo.ArgumentList.Add(prefix + "CurrentVersion");
            startInfo.ArgumentList.Add("v1");
            startInfo.ArgumentList.Add(prefix + "CurrentBinaryUrl");
            startInfo.ArgumentList.Add(fleet.V1Url);
            startInfo.ArgumentList.Add(prefix + "CurrentChecksum");
            startInfo.ArgumentList.Add(Sha256Checksum.Compute(ProcessFleet.Binary("v1")));
        }

        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int ApiPort { get; }

    public int AgentPort { get; }

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

    private static string Dll
    {
        get
        {
            var testDirectory = AppContext.BaseDirectory;
            var artifacts = Path.GetFullPath(Path.Combine(testDirectory, "..", "..", "Upgrade.Samples.ControlPlane", Path.GetFileName(Path.TrimEndingDirectorySeparator(testDirectory)), "Upgrade.Samples.ControlPlane.dll"));
            if (File.Exists(artifacts))
            {
                return artifacts;
            }

            var configuration = testDirectory.Contains("Debug", StringComparison.OrdinalIgnoreCase) ? "Debug" : "Release";
            var repo = Path.GetFullPath(Path.Combine(testDirectory, "..", "..", "..", "..", ".."));
            var project = Path.Combine(repo, "samples", "ControlPlane", "bin", configuration, "net10.0", "Upgrade.Samples.ControlPlane.dll");
            return File.Exists(project) ? project : throw new FileNotFoundException($"The control plane was not built: neither {artifacts} nor {project} exists.");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
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

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
