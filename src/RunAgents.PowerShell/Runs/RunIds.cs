using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>The run an object given to Get-RARunEvent or Wait-RARun names, read in one place for both.</summary>
internal static class RunIds
{
    /// <summary>
    /// The id of the run <paramref name="piped"/> names: a run's own, the run of an answer, an access request or an
    /// event, a string, or an object's RunId or Id. Null, with the error written, for an object that names no run.
    /// </summary>
    public static string? Of(RunAgentsCmdlet cmdlet, PipedObject piped)
    {
        var id = piped.Kind switch
        {
            PipedKind.Run => piped.Text("Id"),
            PipedKind.Text => (string)piped.Item.BaseObject,
            PipedKind.Answer or PipedKind.AccessRequest or PipedKind.RunEvent => piped.Text("RunId"),
            PipedKind.Other => piped.Text("RunId") ?? piped.Text("Id"),
            _ => null,
        };

        if (id is null)
        {
            cmdlet.WriteInvalidInput(piped, piped.Kind switch
            {
                PipedKind.Answer => $"{piped.Subject()} names no run: the platform did not say which run the invoke started.",
                PipedKind.Agent or PipedKind.DeployResult => $"{piped.Subject()} is not a run. Its runs are Get-RARun's: ... | Get-RARun | {cmdlet.MyInvocation.MyCommand.Name}.",
                PipedKind.Connection => $"{piped.Subject()} names no run: pass a connection as -Connection.",
                _ => $"{piped.Subject()} names no run: pipe runs, invoke answers, access requests or run events, or run ids.",
            });
            return null;
        }

        if (AgentPath.Problem(id) is string problem)
        {
            cmdlet.WriteInvalidInput(piped, $"{piped.Subject()} cannot name a run: '{ValidateAgentNameAttribute.Printable(id)}' {problem}.");
            return null;
        }

        return id;
    }
}
