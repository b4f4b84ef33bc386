using Microsoft.AspNetCore.Http.Features;

namespace RunAgents.MockServer;

/// <summary>The single terminal middleware: splits the raw target and picks the API or the control endpoints.</summary>
internal sealed class RequestDispatcher(MockState state, CancellationToken stopping)
{
    private readonly ApiPipeline _api = new(state, stopping);
    private readonly ControlApi _control = new(state);

    /// <summary>Handles every request the server receives.</summary>
    public Task HandleAsync(HttpContext context)
    {
        // Routing and Request.Path see an already-decoded path; only the raw target keeps "%2F" inside a segment.
        string raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        RequestTarget target = RequestTarget.Parse(raw);
        if (ApiRoute.IsApiTarget(target))
        {
            return _api.HandleAsync(context, target);
        }

        if (target.StartsWith("_mock"))
        {
            return _control.HandleAsync(context, target);
        }

        return HttpWrites.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, "not found", context.RequestAborted);
    }
}
