using System.Management.Automation;
using RunAgents.PowerShell.Client;
using RunAgents.PowerShell.Models;

namespace RunAgents.PowerShell.Cmdlets;

/// <summary>Has the platform turn sentences into policy rules, to review and give to New-RAPolicy or Set-RAPolicy.</summary>
[Cmdlet(VerbsData.ConvertTo, "RAPolicyRule", HelpUri = HelpUris.Docs + "ConvertTo-RAPolicyRule.md")]
[OutputType(typeof(PolicyRule))]
public sealed class ConvertToRAPolicyRuleCommand : RequestCmdlet
{
    /// <summary>What the rules should say, in words: <c>Allow GET on https://api.stripe.com/v1/*</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Text { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var text in Text!)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                WriteError(new ErrorRecord(new PSArgumentException("The text to turn into rules is blank: say what the rules should allow, deny or hold for approval."), "InvalidText", ErrorCategory.InvalidArgument, text));
                continue;
            }

            try
            {
                foreach (var rule in Await(new PoliciesApi(ActiveConnection.Transport).TranslateAsync(text, Requests, StopToken)))
                {
                    WriteObject(rule);
                }
            }
            catch (RunAgentsApiException e)
            {
                WriteApiError(e, "Cannot turn into rules", text, notFoundId: "TranslateNotFound");
            }
        }
    }
}
