namespace Upgrade.Orchestration;

/// <summary>Assigns eligible nodes to batches for a strategy.</summary>
internal static class RolloutBatches
{
    /// <summary>Returns the batch index of every node.</summary>
    /// <param name="eligible">The nodes, in a stable order.</param>
    /// <param name="strategy">The strategy.</param>
    /// <param name="batchSize">The rolling batch size.</param>
    /// <param name="canarySize">The canary size.</param>
    /// <param name="seed">The recorded seed of the canary selection.</param>
    public static Dictionary<string, int> Assign(IReadOnlyList<InventoryNode> eligible, RolloutStrategy strategy, int batchSize, int canarySize, int seed)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var size = Math.Max(1, batchSize);
        switch (strategy)
        {
            case RolloutStrategy.AllAtOnce:
                foreach (var node in eligible)
                {
                    result[node.NodeId] = 0;
                }

                break;
            case RolloutStrategy.Canary:
                var ids = eligible.Select(n => n.NodeId).ToArray();
                new Random(seed).Shuffle(ids);
                var canary = ids.Take(Math.Max(1, canarySize)).ToHashSet(StringComparer.Ordinal);
                foreach (var id in canary)
                {
                    result[id] = 0;
                }

                var rest = eligible.Where(n => !canary.Contains(n.NodeId)).ToList();
                for (var i = 0; i < rest.Count; i++)
                {
                    result[rest[i].NodeId] = 1 + (i / size);
                }

                break;
            default:
                for (var i = 0; i < eligible.Count; i++)
                {
                    result[eligible[i].NodeId] = i / size;
                }

                break;
        }

        return result;
    }
}
