using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Upgrade.Samples.ControlPlane.Storage;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>
/// Runs a create under an optional <c>Idempotency-Key</c> header. The key is scoped to the caller and the operation;
/// the same key with the same body (compared as its canonical JSON) returns the first result byte for byte, with
/// another body it is a 422, and while the first request runs a retry gets a 409. The first result and the audit
/// record are stored in one transaction. A request that failed unexpectedly (5xx) releases its key.
/// </summary>
internal sealed class IdempotentCreates
{
    public const string HeaderName = "Idempotency-Key";
    private const int MaxKeyLength = 200;

    private readonly ControlPlaneDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly JsonSerializerOptions _json;

    public IdempotentCreates(ControlPlaneDatabase database, TimeProvider timeProvider, IOptions<JsonOptions> json)
    {
        _database = database;
        _timeProvider = timeProvider;
        _json = json.Value.SerializerOptions;
    }

    public async Task<IResult> RunAsync<TBody>(HttpContext http, string operation, TBody body, Func<CancellationToken, Task<IResult>> create, CancellationToken cancellationToken)
    {
        if (!http.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return await create(cancellationToken);
        }

        var key = values.Count == 1 ? values[0] : null;
        if (key is null || key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return Problems.BadIdempotencyKey();
        }

        var principal = http.Actor();
        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, _json)));
        var existing = await _database.ClaimAsync(principal, operation, key, hash, _timeProvider.GetUtcNow(), cancellationToken);
        if (existing is not null)
        {
            if (!string.Equals(existing.RequestHash, hash, StringComparison.Ordinal))
            {
                return Problems.IdempotencyMismatch();
            }

            return existing.StatusCode is { } status
                ? new StoredResponse { Status = status, ContentType = existing.ContentType!, Body = existing.Body!, Location = existing.Location, Replayed = true }
                : Problems.IdempotencyInProgress();
        }

        var action = http.GetEndpoint()?.Metadata.GetMetadata<AuditAction>() ?? new AuditAction(operation, operation);
        IResult result;
        try
        {
            result = await create(cancellationToken);
        }
        catch (Exception)
        {
            await _database.ReleaseAsync(principal, operation, key, AuditFilter.Record(http, action, StatusCodes.Status500InternalServerError, _timeProvider.GetUtcNow()), CancellationToken.None);
            http.Items[RequestContext.AuditedItem] = true;
            throw;
        }

        var stored = Store(result);
        await _database.CompleteAsync(principal, operation, key, stored.Status, stored.ContentType, stored.Body, stored.Location, AuditFilter.Record(http, action, stored.Status, _timeProvider.GetUtcNow()), cancellationToken);
        http.Items[RequestContext.AuditedItem] = true;
        return stored;
    }

    private StoredResponse Store(IResult result) => result switch
    {
        ProblemHttpResult problem => new StoredResponse
        {
            Status = problem.StatusCode,
            ContentType = "application/problem+json",
            Body = JsonSerializer.Serialize(problem.ProblemDetails, _json),
        },
        IValueHttpResult value and IStatusCodeHttpResult status => new StoredResponse
        {
            Status = status.StatusCode ?? StatusCodes.Status200OK,
            ContentType = "application/json; charset=utf-8",
            Body = JsonSerializer.Serialize(value.Value, _json),
            Location = result switch
            {
                Created<Contracts.RolloutResponse> created => created.Location,
                Created<Contracts.GroupResponse> created => created.Location,
                _ => null,
            },
        },
        _ => throw new InvalidOperationException($"A create returned a result that cannot be stored: {result.GetType().Name}."),
    };
}
