using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>The RFC 7807 problem details the API answers with.</summary>
internal static class Problems
{
    public const string ValidationType = "urn:upgrade:problem:validation";
    public const string NotFoundType = "urn:upgrade:problem:not-found";
    public const string InvalidStateType = "urn:upgrade:problem:invalid-state";
    public const string IdempotencyMismatchType = "urn:upgrade:problem:idempotency-key-reused";
    public const string IdempotencyInProgressType = "urn:upgrade:problem:idempotency-key-in-progress";

    /// <summary>400 listing every broken rule with its field and rule (and the seed's rule number when it has one).</summary>
    public static ProblemHttpResult Validation(string what, IReadOnlyList<UpgradeValidationError> errors) => TypedResults.Problem(new ProblemDetails
    {
        Type = ValidationType,
        Title = $"The {what} breaks {errors.Count} rule(s).",
        Status = StatusCodes.Status400BadRequest,
        Detail = string.Join("; ", errors.Select(e => e.ToString())),
        Extensions =
        {
            ["errors"] = errors.Select(e => new Dictionary<string, object?>
            {
                ["field"] = e.Field,
                ["rule"] = e.Rule,
                ["rule_number"] = RuleNumber(e.Rule),
                ["message"] = e.Message,
            }).ToList(),
        },
    });

    public static ProblemHttpResult NotFound(string kind, Guid id) => TypedResults.Problem(new ProblemDetails
    {
        Type = NotFoundType,
        Title = $"The {kind} does not exist.",
        Status = StatusCodes.Status404NotFound,
        Detail = $"No {kind} has id {id:D}.",
    });

    /// <summary>409: the signal is not allowed in the state the rollout or group is in; the state is named.</summary>
    public static ProblemHttpResult InvalidState(string kind, Guid id, string signal, string state, string detail) => TypedResults.Problem(new ProblemDetails
    {
        Type = InvalidStateType,
        Title = $"The {kind} is {state}: the {signal} signal is not allowed.",
        Status = StatusCodes.Status409Conflict,
        Detail = detail,
        Extensions = { ["state"] = state, ["signal"] = signal, ["target_id"] = id },
    });

    public static ProblemHttpResult IdempotencyMismatch() => TypedResults.Problem(new ProblemDetails
    {
        Type = IdempotencyMismatchType,
        Title = "The Idempotency-Key was already used with a different request body.",
        Status = StatusCodes.Status422UnprocessableEntity,
        Detail = "Send the same body to get the first result again, or use a new key for a new request.",
    });

    public static ProblemHttpResult IdempotencyInProgress() => TypedResults.Problem(new ProblemDetails
    {
        Type = IdempotencyInProgressType,
        Title = "A request with this Idempotency-Key is still running.",
        Status = StatusCodes.Status409Conflict,
        Detail = "Retry after it finishes to get its result.",
    });

    public static ProblemHttpResult BadIdempotencyKey() => Validation("Idempotency-Key header", [new UpgradeValidationError
    {
        Field = "Idempotency-Key",
        Rule = "idempotency-key-format",
        Message = "The Idempotency-Key header must be 1 to 200 visible ASCII characters.",
    }]);

    private static int? RuleNumber(string rule) =>
        rule.StartsWith("rule-", StringComparison.Ordinal) && int.TryParse(rule.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
