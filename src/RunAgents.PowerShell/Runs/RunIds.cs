using System;
using System.Collections.Generic;
using System.Management.Automation;
using RunAgents.PowerShell.Client;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>The runs a run cmdlet is given (ids, or objects that name a run), read in one place for all of them.</summary>
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

    /// <summary>
    /// The runs a cmdlet is given, each with the connection to act on: every -RunId on the current connection, or the
    /// run each piped object names on the platform it came from. An object that names no run, or comes from another
    /// platform, is an error and left out. Read lazily, so that each run is acted on before the next object is read.
    /// </summary>
    /// <param name="cmdlet">The cmdlet, which writes the errors.</param>
    /// <param name="runIds">-RunId.</param>
    /// <param name="input">-InputObject; null when the runs are given by id.</param>
    /// <param name="current">The current connection, asked for only when runs are given by id.</param>
    public static IEnumerable<(string Id, RAConnection Connection)> Given(RunAgentsCmdlet cmdlet, string[] runIds, PSObject[]? input, Func<RAConnection> current)
    {
        if (input is null)
        {
            foreach (var id in runIds)
            {
                yield return (id, current());
            }

            yield break;
        }

        foreach (var item in input)
        {
            var piped = PipedObject.From(item);
            if (Of(cmdlet, piped) is string id && cmdlet.ConnectionFor(piped) is RAConnection connection)
            {
                yield return (id, connection);
            }
        }
    }
}
