using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Upgrade.Adapters.Docker.Internal;
using Upgrade.Internal;

namespace Upgrade.Adapters.Docker;

/// <summary>
/// Upgrades one container in place through the Docker Engine API: pulls a digest-pinned image, renames the container to
/// <c>{name}.bak</c>, creates <c>{name}</c> with the same configuration and the new image, and writes configuration
/// files into the host side of its bind mounts. The renamed container is the rollback path until
/// <see cref="RemoveBackupContainerAsync"/> removes it.
/// </summary>
/// <remarks>
/// Every mutating member can be called again after a crash at any instant; every query member only observes. An image
/// is only removed by <see cref="DiscardArtifactAsync"/> when an upgrade of this container pulled it and no container
/// uses it. Which images an upgrade pulled is recorded durably under <see cref="DockerRuntimeOptions.StateDirectory"/>,
/// so the decision survives a restart of the process; <see cref="RemoveBackupContainerAsync"/> clears the record of
/// the image the container runs once the upgrade is final.
/// </remarks>
public sealed partial class DockerRuntimeAdapter : IRuntimeAdapter, IDockerBackupCleanup, IDisposable
{
    private readonly DockerClient _client;
    private readonly string _endpoint;
    private readonly string _containerName;
    private readonly TimeSpan _stopTimeout;
    private readonly TimeSpan _settleTime;
    private readonly ConfigPathGuard _paths;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly PulledImageStore _pulledImages;

    /// <summary>Initializes a new instance of the <see cref="DockerRuntimeAdapter"/> class.</summary>
    /// <param name="options">The validated options; their values are copied.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public DockerRuntimeAdapter(DockerRuntimeOptions options)
        : this(options, TimeProvider.System, NullLogger<DockerRuntimeAdapter>.Instance)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DockerRuntimeAdapter"/> class.</summary>
    /// <param name="options">The validated options; their values are copied.</param>
    /// <param name="timeProvider">The clock for settle waits and backup timestamps.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public DockerRuntimeAdapter(DockerRuntimeOptions options, TimeProvider timeProvider, ILogger<DockerRuntimeAdapter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        DockerRuntimeOptionsValidation.ThrowIfInvalid(options);

        _endpoint = options.Endpoint;
        _containerName = options.ContainerName!;
        _stopTimeout = options.StopTimeout;
        _settleTime = options.StartSettleTime;
        _paths = new ConfigPathGuard(options.AllowedConfigRoots.ToArray());
        _timeProvider = timeProvider;
        _logger = logger;
        _pulledImages = new PulledImageStore(
            Path.Combine(options.StateDirectory, _containerName, DockerRuntimeConstants.PulledImagesDirectoryName),
            timeProvider);
        _client = new DockerClientBuilder()
            .WithEndpoint(new Uri(options.Endpoint))
            .WithApiVersion(DockerRuntimeOptionsCustomValidator.TryParseApiVersion(options.ApiVersion)!)
            .WithTimeout(Timeout.InfiniteTimeSpan)
            .Build();
    }

    /// <inheritdoc/>
    public string ServiceName => _containerName;

    /// <summary>Gets the name the managed container carries while it is the rollback path of an upgrade.</summary>
    public string BackupContainerName => _containerName + DockerRuntimeConstants.BackupContainerSuffix;

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    /// <inheritdoc/>
    public Task ReloadDaemonAsync(CancellationToken cancellationToken)
    {
        // The engine reads a container's definition when the container is created; there is nothing to reload.
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    /// <summary>Refuses an install target that is not the managed container: the two would drift apart otherwise.</summary>
    private void EnsureManagedContainer(string target)
    {
        if (!string.Equals(target, _containerName, StringComparison.Ordinal))
        {
            throw new UpgradeValidationException(
                $"The install target '{target}' is not the container '{_containerName}' this adapter manages (DockerRuntimeOptions.ContainerName).");
        }
    }

    private static string BackupNameOf(string containerName) => containerName + DockerRuntimeConstants.BackupContainerSuffix;

    private async Task<T> CallAsync<T>(string operation, Func<DockerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(_client, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception)
        {
            throw EngineError(operation, exception);
        }
        catch (Exception exception) when (IsTransportFailure(exception) && !cancellationToken.IsCancellationRequested)
        {
            throw new RuntimeOperationException($"Cannot reach the Docker engine at '{_endpoint}' to {operation}: {exception.Message}", exception);
        }
    }

    private Task CallAsync(string operation, Func<DockerClient, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync<bool>(
            operation,
            async (client, token) =>
            {
                await call(client, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    private static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or IOException or SocketException || (exception is TaskCanceledException && exception.InnerException is TimeoutException);

    internal static RuntimeOperationException EngineError(string operation, DockerApiException exception)
    {
        var message = EngineMessage(exception.ResponseBody);
        return new RuntimeOperationException(
            $"The Docker engine failed to {operation}: {(int)exception.StatusCode} {exception.StatusCode}: {message}",
            exception);
    }

    internal static string EngineMessage(string? responseBody)
    {
        if (string.IsNullOrWhiteSpace(responseBody))
        {
            return "(no message)";
        }

        try
        {
            using var document = JsonDocument.Parse(responseBody);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
        }

        return responseBody.Trim();
    }

    private static bool IsNotFound(DockerApiException exception) => exception.StatusCode == HttpStatusCode.NotFound;

    private async Task<ContainerInspectResponse?> TryInspectContainerAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("inspect container '" + name + "'", (client, token) => client.Containers.InspectContainerAsync(name, token), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RuntimeOperationException exception) when (exception.InnerException is DockerApiException api && IsNotFound(api))
        {
            return null;
        }
    }

    private async Task<ImageInspectResponse?> TryInspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("inspect image '" + reference + "'", (client, token) => client.Images.InspectImageAsync(reference, token), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RuntimeOperationException exception) when (exception.InnerException is DockerApiException api && IsNotFound(api))
        {
            return null;
        }
    }

    private static bool CarriesDigest(ImageInspectResponse image, string digest) =>
        (image.RepoDigests ?? []).Any(repoDigest => repoDigest.EndsWith("@" + digest, StringComparison.OrdinalIgnoreCase))
        || string.Equals(image.ID, digest, StringComparison.OrdinalIgnoreCase);

    private static string Describe(ContainerInspectResponse container)
    {
        var state = container.State;
        return state is null
            ? "unknown state"
            : $"state '{state.Status}', exit code {state.ExitCode}, restart count {container.RestartCount}"
              + (string.IsNullOrEmpty(state.Error) ? string.Empty : $", error '{state.Error}'");
    }
}
