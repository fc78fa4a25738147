using Docker.DotNet.Models;

namespace Upgrade.Adapters.Docker.Internal;

/// <summary>
/// Builds the create parameters of a container that is identical to an existing one except for its image.
/// </summary>
/// <remarks>
/// The engine's inspect output merges the container's own settings with the defaults of the image it was created from
/// (environment, command, labels, health check, ...). Copying them verbatim would pin the old image's defaults onto the
/// new image, so values that equal the old image's defaults are left out and the new image supplies its own.
/// </remarks>
internal static class ContainerCloner
{
    private static readonly HashSet<string> BuiltInNetworkModes = new(StringComparer.Ordinal) { "none", "host", "default", "bridge" };

    public static CreateContainerParameters Clone(ContainerInspectResponse container, DockerOCIImageConfig? oldImage, string newImage, string name)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrWhiteSpace(newImage);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var config = container.Config ?? new ContainerConfig();

        var parameters = new CreateContainerParameters(config)
        {
            Name = name,
            Image = newImage,
            HostConfig = container.HostConfig,
        };

        if (!string.IsNullOrEmpty(container.ID) && container.ID.Length >= 12
            && string.Equals(config.Hostname, container.ID[..12], StringComparison.Ordinal))
        {
            // The engine's default hostname is the short container id; the new container gets its own.
            parameters.Hostname = null!;
        }

        if (oldImage is not null)
        {
            parameters.Env = Subtract(config.Env, oldImage.Env)!;
            if (SequenceEqual(config.Entrypoint, oldImage.Entrypoint))
            {
                parameters.Entrypoint = null!;
                if (SequenceEqual(config.Cmd, oldImage.Cmd))
                {
                    parameters.Cmd = null!;
                }
            }

            parameters.Labels = Subtract(config.Labels, oldImage.Labels)!;
            parameters.ExposedPorts = Subtract(config.ExposedPorts, oldImage.ExposedPorts)!;
            parameters.Volumes = Subtract(config.Volumes, oldImage.Volumes)!;
            parameters.WorkingDir = NullIfSame(config.WorkingDir, oldImage.WorkingDir)!;
            parameters.User = NullIfSame(config.User, oldImage.User)!;
            parameters.StopSignal = NullIfSame(config.StopSignal, oldImage.StopSignal)!;
            if (HealthcheckEqual(config.Healthcheck, oldImage.Healthcheck))
            {
                parameters.Healthcheck = null!;
            }

            if (SequenceEqual(config.Shell, oldImage.Shell))
            {
                parameters.Shell = null!;
            }

            if (SequenceEqual(config.OnBuild, oldImage.OnBuild))
            {
                parameters.OnBuild = null!;
            }
        }

        parameters.NetworkingConfig = CloneNetworking(container)!;
        return parameters;
    }

    private static NetworkingConfig? CloneNetworking(ContainerInspectResponse container)
    {
        var networks = container.NetworkSettings?.Networks;
        var mode = container.HostConfig?.NetworkMode;
        if (networks is null || networks.Count == 0 || mode is null || BuiltInNetworkModes.Contains(mode)
            || mode.StartsWith("container:", StringComparison.Ordinal))
        {
            return null;
        }

        var shortId = container.ID is { Length: >= 12 } id ? id[..12] : null;
        var endpoints = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
        foreach (var (network, settings) in networks)
        {
            endpoints[network] = new EndpointSettings
            {
                IPAMConfig = settings.IPAMConfig,
                Links = settings.Links,
                Aliases = settings.Aliases?.Where(alias => !string.Equals(alias, shortId, StringComparison.Ordinal)).ToList()!,
                DriverOpts = settings.DriverOpts,
            };
        }

        return new NetworkingConfig { EndpointsConfig = endpoints };
    }

    private static List<string>? Subtract(IList<string>? values, IList<string>? defaults)
    {
        if (values is null)
        {
            return null;
        }

        var inherited = new HashSet<string>(defaults ?? [], StringComparer.Ordinal);
        return values.Where(value => !inherited.Contains(value)).ToList();
    }

    private static Dictionary<string, TValue>? Subtract<TValue>(IDictionary<string, TValue>? values, IDictionary<string, TValue>? defaults)
    {
        if (values is null)
        {
            return null;
        }

        var result = new Dictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (defaults is not null && defaults.TryGetValue(key, out var inherited) && EqualityComparer<TValue>.Default.Equals(inherited, value))
            {
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    private static string? NullIfSame(string? value, string? inherited) =>
        string.Equals(value ?? string.Empty, inherited ?? string.Empty, StringComparison.Ordinal) ? null : value;

    private static bool SequenceEqual(IList<string>? left, IList<string>? right) =>
        (left ?? []).SequenceEqual(right ?? [], StringComparer.Ordinal);

    private static bool HealthcheckEqual(HealthcheckConfig? left, HealthcheckConfig? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        return SequenceEqual(left.Test, right.Test)
            && left.Interval == right.Interval
            && left.Timeout == right.Timeout
            && left.StartPeriod == right.StartPeriod
            && left.StartInterval == right.StartInterval
            && left.Retries == right.Retries;
    }
}
