using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Upgrade.Adapters.Docker;

/// <summary>Validates the rules of <see cref="DockerRuntimeOptions"/> that data annotations cannot express.</summary>
internal sealed partial class DockerRuntimeOptionsCustomValidator : IValidateOptions<DockerRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, DockerRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();

        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint)
                || endpoint.Scheme is not ("unix" or "tcp" or "http" or "https"))
            {
                builder.AddError(
                    $"must be an absolute unix://, tcp://, http:// or https:// URI. Endpoint: '{options.Endpoint}'.",
                    nameof(DockerRuntimeOptions.Endpoint));
            }
            else if (endpoint.Scheme == "unix" && !endpoint.AbsolutePath.StartsWith('/'))
            {
                builder.AddError(
                    $"must name an absolute socket path (unix:///path/to/docker.sock). Endpoint: '{options.Endpoint}'.",
                    nameof(DockerRuntimeOptions.Endpoint));
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ContainerName) && !ContainerNamePattern().IsMatch(options.ContainerName))
        {
            builder.AddError(
                $"must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (a Docker container name without a leading '/'). ContainerName: '{options.ContainerName}'.",
                nameof(DockerRuntimeOptions.ContainerName));
        }

        if (options.AllowedConfigRoots is { } roots)
        {
            if (roots.Count == 0)
            {
                builder.AddError("must list at least one directory.", nameof(DockerRuntimeOptions.AllowedConfigRoots));
            }

            for (var i = 0; i < roots.Count; i++)
            {
                var root = roots[i];
                if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
                {
                    builder.AddError(
                        $"must hold absolute paths only. AllowedConfigRoots[{i}]: '{root}'.",
                        nameof(DockerRuntimeOptions.AllowedConfigRoots));
                }
                else if (Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) == "/")
                {
                    builder.AddError(
                        $"must not allow the whole file system. AllowedConfigRoots[{i}]: '{root}'.",
                        nameof(DockerRuntimeOptions.AllowedConfigRoots));
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            if (!Path.IsPathFullyQualified(options.StateDirectory))
            {
                builder.AddError(
                    $"must be an absolute path. StateDirectory: '{options.StateDirectory}'.",
                    nameof(DockerRuntimeOptions.StateDirectory));
            }
            else if (Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.StateDirectory)) == "/")
            {
                builder.AddError(
                    $"must not be the file system root. StateDirectory: '{options.StateDirectory}'.",
                    nameof(DockerRuntimeOptions.StateDirectory));
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ApiVersion) && TryParseApiVersion(options.ApiVersion) is null)
        {
            builder.AddError(
                $"must have the form major.minor, for example 1.41. ApiVersion: '{options.ApiVersion}'.",
                nameof(DockerRuntimeOptions.ApiVersion));
        }

        return builder.Build();
    }

    /// <summary>Parses an Engine API version such as <c>1.41</c>.</summary>
    internal static Version? TryParseApiVersion(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || major < 1)
        {
            return null;
        }

        return new Version(major, minor);
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerNamePattern();
}
