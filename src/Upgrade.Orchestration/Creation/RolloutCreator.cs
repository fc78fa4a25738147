namespace Upgrade.Orchestration;

/// <summary>Validates a <see cref="RolloutRequest"/> against every creation rule and stores the rollout when all pass.</summary>
internal sealed class RolloutCreator
{
    private readonly IRolloutStore _store;
    private readonly IManifestReader? _manifests;
    private readonly IChainCatalog? _chains;
    private readonly IConfigTemplateSource? _templates;
    private readonly IConfigVariableSource? _variables;
    private readonly TimeProvider _timeProvider;
    private readonly IRolloutGroupStore? _groups;

    public RolloutCreator(
        IRolloutStore store,
        IManifestReader? manifests,
        IChainCatalog? chains,
        IConfigTemplateSource? templates,
        IConfigVariableSource? variables,
        TimeProvider timeProvider,
        IRolloutGroupStore? groups = null)
    {
        _store = store;
        _groups = groups;
        _manifests = manifests;
        _chains = chains;
        _templates = templates;
        _variables = variables;
        _timeProvider = timeProvider;
    }

    public async Task<Rollout> CreateAsync(RolloutRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<UpgradeValidationError>();
        var rollout = await BuildAsync(request, errors, checkActive: true, cancellationToken).ConfigureAwait(false);
        if (rollout is null || errors.Count > 0)
        {
            throw new UpgradeValidationException("rollout request", errors);
        }

        try
        {
            return await _store.InsertAsync(rollout, cancellationToken).ConfigureAwait(false);
        }
        catch (ActiveRolloutConflictException exception)
        {
            // Another creation won the race after the check above: the store's unique index is the real guard.
            _ = exception;
            throw new UpgradeValidationException("rollout request", [OneActive(rollout.ChainProfileId, null)]);
        }
    }

    /// <summary>
    /// Applies every creation rule to a request and builds the rollout it describes without storing it. Violations are
    /// added to <paramref name="errors"/>; the result is <see langword="null"/> when there are any.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="errors">Receives the violations.</param>
    /// <param name="checkActive">Whether rule 5 (one active rollout or group per chain) applies; a group checks it itself.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<Rollout?> BuildAsync(RolloutRequest request, List<UpgradeValidationError> errors, bool checkActive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = errors.Count;
        Require(errors, request.ChainProfileId, "chain_profile_id");
        Require(errors, request.NodeType, "node_type");
        Require(errors, request.SourceVersion, "source_version");

        string? binaryName = request.BinaryName, targetVersion = request.TargetVersion, url = request.TargetBinaryUrl;
        string? checksum = request.TargetBinaryChecksum, manifestHash = request.ManifestContentHash, recoveryPlan = request.RecoveryPlan;
        var migrationType = request.MigrationType ?? MigrationType.None;
        IReadOnlyList<ConfigChange> configChanges = request.ConfigChanges ?? [];
        var autoMode = !string.IsNullOrEmpty(request.UpgradeId);

        // In auto mode without a loadable manifest, the artifact rules have nothing to check; only the manifest error is reported.
        var haveArtifact = true;

        if (autoMode)
        {
            ForbidInAutoMode(errors, request.BinaryName, "binary_name");
            ForbidInAutoMode(errors, request.TargetVersion, "target_version");
            ForbidInAutoMode(errors, request.TargetBinaryUrl, "target_binary_url");
            ForbidInAutoMode(errors, request.TargetBinaryChecksum, "target_binary_checksum");
            ForbidInAutoMode(errors, request.ManifestContentHash, "manifest_content_hash");
            ForbidInAutoMode(errors, request.MigrationType?.ToString(), "migration_type");
            ForbidInAutoMode(errors, request.RecoveryPlan, "recovery_plan");
            ForbidInAutoMode(errors, request.ConfigChanges is null ? null : "set", "config_changes");
            var manifest = await LoadManifestAsync(request, errors, cancellationToken).ConfigureAwait(false);
            if (manifest is not null)
            {
                binaryName = manifest.BinaryName;
                targetVersion = manifest.TargetVersion;
                url = manifest.TargetUrl;
                checksum = manifest.TargetChecksum;
                manifestHash = manifest.ContentHash;
                migrationType = manifest.StateCompatibility.MigrationType;
                recoveryPlan = manifest.StateCompatibility.RecoveryPlan;
                configChanges = manifest.ConfigChanges;
            }
            else
            {
                haveArtifact = false;
            }
        }
        else
        {
            Require(errors, binaryName, "binary_name");
            Require(errors, targetVersion, "target_version");
            Require(errors, url, "target_binary_url");
            if (request.MigrationType is { } requested && !Enum.IsDefined(requested))
            {
                errors.Add(Error("migration_type", RolloutRules.Range, $"The migration type must be none, compatible or breaking, not {(int)requested}."));
            }

            // Rule 6, manual mode: the operator provides the hash of the manifest the rollout came from.
            if (!Sha256Checksum.IsValid(manifestHash))
            {
                errors.Add(Error("manifest_content_hash", RolloutRules.ManifestHash, "The manifest content hash must be provided as sha256:<64 hex digits>."));
            }
        }

        var runtimeType = await ResolveRuntimeTypeAsync(request, errors, cancellationToken).ConfigureAwait(false);
        if (haveArtifact && string.IsNullOrWhiteSpace(checksum))
        {
            errors.Add(Error("target_binary_checksum", RolloutRules.ChecksumRequired, "The checksum must be non-empty."));
        }
        else if (haveArtifact && runtimeType == RuntimeTypes.Docker && !Sha256Checksum.IsValid(checksum))
        {
            errors.Add(Error("target_binary_checksum", RolloutRules.DockerChecksumFormat, $"Docker chains need a sha256:<64 hex digits> image digest, not '{checksum}'."));
        }

        if (haveArtifact && runtimeType == RuntimeTypes.Docker && url is not null && !url.Contains("@sha256:", StringComparison.Ordinal))
        {
            errors.Add(Error("target_binary_url", RolloutRules.DockerDigestPinned, "Docker chains need a digest-pinned image reference (name@sha256:...), not a mutable tag."));
        }

        // The URL is stored with the rollout and sent to every node: refuse at creation what every agent refuses.
        if (haveArtifact && runtimeType is not null && runtimeType != RuntimeTypes.Docker && !string.IsNullOrWhiteSpace(url))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add(Error("target_binary_url", RolloutRules.UrlScheme, "The artifact URL must be an absolute https or http URL."));
            }
            else if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                errors.Add(Error("target_binary_url", RolloutRules.UrlCredentials, "The artifact URL must not carry credentials: they would be stored with the rollout; configure them on the nodes."));
            }
        }

        if (targetVersion is not null && request.SourceVersion is not null && string.Equals(targetVersion, request.SourceVersion, StringComparison.Ordinal))
        {
            errors.Add(Error("target_version", RolloutRules.VersionChange, $"The target version equals the source version '{targetVersion}'."));
        }

        ValidateStrategy(request, errors);
        if (haveArtifact)
        {
            ValidateStateCompatibility(request, migrationType, recoveryPlan, errors);
        }

        if (checkActive && request.ChainProfileId is not null)
        {
            var active = await _store.ListAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
            if (active.FirstOrDefault(r => string.Equals(r.ChainProfileId, request.ChainProfileId, StringComparison.Ordinal)) is { } existing)
            {
                errors.Add(OneActive(request.ChainProfileId, existing.Id));
            }

            // A standalone rollout would block the next component of the chain's active group.
            if (_groups is not null)
            {
                var groups = await _groups.ListGroupsAsync(activeOnly: true, cancellationToken).ConfigureAwait(false);
                if (groups.FirstOrDefault(g => string.Equals(g.ChainProfileId, request.ChainProfileId, StringComparison.Ordinal)) is { } group)
                {
                    errors.Add(Error("chain_profile_id", RolloutRules.OneActivePerChain, $"Chain '{request.ChainProfileId}' has an active rollout group ({group.Id}); its components are the chain's rollouts until it ends."));
                }
            }
        }

        IReadOnlyList<ConfigFile> configFiles = [];
        if (request.ChainProfileId is not null && request.NodeType is not null)
        {
            configFiles = await ConfigTemplateRenderer.RenderAllAsync(
                configChanges, request.ChainProfileId, request.NodeType, _templates, _variables, errors, cancellationToken).ConfigureAwait(false);
        }

        if (errors.Count > before)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        return new Rollout
        {
            Id = Guid.NewGuid(),
            ChainProfileId = request.ChainProfileId!,
            NodeType = request.NodeType!,
            RuntimeType = runtimeType!,
            BinaryName = binaryName!,
            SourceVersion = request.SourceVersion!,
            TargetVersion = targetVersion!,
            TargetBinaryUrl = url!,
            TargetBinaryChecksum = checksum!,
            UpgradeId = autoMode ? request.UpgradeId : null,
            ManifestContentHash = manifestHash!,
            Strategy = request.Strategy,
            BatchSize = request.BatchSize,
            CanarySize = request.Strategy == RolloutStrategy.Canary ? request.CanarySize : 0,
            FailureThreshold = request.FailureThreshold,
            HealthWaitDuration = request.HealthWaitDuration,
            ForceContinue = request.ForceContinue,
            SkipValidation = request.SkipValidation,
            MigrationType = migrationType,
            RecoveryPlan = recoveryPlan,
            AcknowledgeStateRisk = request.AcknowledgeStateRisk,
            ConfigFiles = configFiles,
            Seed = request.Seed ?? Random.Shared.Next(),
            CreatedBy = request.CreatedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static void ValidateStrategy(RolloutRequest request, List<UpgradeValidationError> errors)
    {
        // JSON binds any number to an enum; an undefined strategy would otherwise be stored and run as none of them.
        if (!Enum.IsDefined(request.Strategy))
        {
            errors.Add(Error("strategy", RolloutRules.Range, $"The strategy must be rolling, canary or all_at_once, not {(int)request.Strategy}."));
        }

        if (request.BatchSize < 1)
        {
            errors.Add(Error("batch_size", RolloutRules.Range, $"The batch size must be at least 1, not {request.BatchSize}."));
        }

        if (request.Strategy == RolloutStrategy.Canary && request.CanarySize < 1)
        {
            errors.Add(Error("canary_size", RolloutRules.Range, $"The canary size must be at least 1, not {request.CanarySize}."));
        }

        if (double.IsNaN(request.FailureThreshold) || request.FailureThreshold is < 0 or > 1)
        {
            errors.Add(Error("failure_threshold", RolloutRules.Range, $"The failure threshold must be a fraction in [0, 1], not {request.FailureThreshold}."));
        }

        if (!request.SkipValidation && request.HealthWaitDuration <= TimeSpan.Zero)
        {
            errors.Add(Error("health_wait_duration", RolloutRules.Range, $"The health wait duration must be positive, not {request.HealthWaitDuration}."));
        }

        if (request.Strategy != RolloutStrategy.AllAtOnce && (request.ForceContinue || request.SkipValidation))
        {
            errors.Add(Error(request.ForceContinue ? "force_continue" : "skip_validation", RolloutRules.Range, "force_continue and skip_validation are options of the all_at_once strategy."));
        }
    }

    private static void ValidateStateCompatibility(RolloutRequest request, MigrationType migrationType, string? recoveryPlan, List<UpgradeValidationError> errors)
    {
        if (migrationType != MigrationType.Breaking)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(recoveryPlan))
        {
            errors.Add(Error("recovery_plan", RolloutRules.BreakingMigration, "Breaking migrations need a recovery plan: a rollback may leave nodes unable to read their state."));
        }

        if (request.Strategy != RolloutStrategy.Canary)
        {
            errors.Add(Error("strategy", RolloutRules.BreakingMigration, $"Breaking migrations need the canary strategy, not {request.Strategy}."));
        }

        if (!request.AcknowledgeStateRisk)
        {
            errors.Add(Error("acknowledge_state_risk", RolloutRules.BreakingMigration, "Breaking migrations need acknowledge_state_risk: true."));
        }
    }

    private async Task<UpgradeManifest?> LoadManifestAsync(RolloutRequest request, List<UpgradeValidationError> errors, CancellationToken cancellationToken)
    {
        if (request.ChainProfileId is null || request.NodeType is null)
        {
            return null;
        }

        if (_manifests is null)
        {
            errors.Add(Error("upgrade_id", RolloutRules.Manifest, "Auto mode needs an IManifestReader; none is registered."));
            return null;
        }

        UpgradeManifest? manifest;
        try
        {
            manifest = await _manifests.GetAsync(request.ChainProfileId, request.UpgradeId!, cancellationToken).ConfigureAwait(false);
        }
        catch (UpgradeValidationException exception)
        {
            errors.AddRange(exception.Errors);
            return null;
        }

        if (manifest is null)
        {
            errors.Add(Error("upgrade_id", RolloutRules.Manifest, $"No manifest '{request.UpgradeId}' exists for chain '{request.ChainProfileId}'."));
            return null;
        }

        if (!string.Equals(manifest.NodeType, request.NodeType, StringComparison.Ordinal))
        {
            errors.Add(Error("node_type", RolloutRules.Manifest, $"Manifest '{request.UpgradeId}' is for node type '{manifest.NodeType}', not '{request.NodeType}'."));
            return null;
        }

        return manifest;
    }

    private async Task<string?> ResolveRuntimeTypeAsync(RolloutRequest request, List<UpgradeValidationError> errors, CancellationToken cancellationToken)
    {
        var runtimeType = request.RuntimeType;
        if (runtimeType is null && request.ChainProfileId is not null && _chains is not null)
        {
            runtimeType = await _chains.GetRuntimeTypeAsync(request.ChainProfileId, cancellationToken).ConfigureAwait(false);
        }

        if (string.IsNullOrWhiteSpace(runtimeType))
        {
            errors.Add(Error("runtime_type", RolloutRules.Required, $"The runtime type of chain '{request.ChainProfileId}' is unknown; give it or register an IChainCatalog that knows the chain."));
            return null;
        }

        return runtimeType;
    }

    private static UpgradeValidationError OneActive(string chainProfileId, Guid? existing) =>
        Error("chain_profile_id", RolloutRules.OneActivePerChain, existing is { } id
            ? $"Chain '{chainProfileId}' already has an active rollout ({id})."
            : $"Chain '{chainProfileId}' already has an active rollout.");

    private static void Require(List<UpgradeValidationError> errors, string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(Error(field, RolloutRules.Required, $"The field '{field}' is required."));
        }
    }

    private static void ForbidInAutoMode(List<UpgradeValidationError> errors, string? value, string field)
    {
        if (value is not null)
        {
            errors.Add(Error(field, RolloutRules.Mode, $"The field '{field}' comes from the manifest in auto mode; omit it or omit upgrade_id."));
        }
    }

    private static UpgradeValidationError Error(string field, string rule, string message) =>
        new() { Field = field, Rule = rule, Message = message };
}
