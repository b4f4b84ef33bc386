using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace RunAgents.PowerShell.Tests.Infrastructure;

/// <summary>
/// A host that records what PowerShell writes to the console (such as -WhatIf lines) and answers
/// confirmation prompts with a set choice, as a user at the keyboard would.
/// </summary>
internal sealed class RecordingHost : System.Management.Automation.Host.PSHost
{
    private readonly RecordingUI _ui = new();

    public override string Name => "RecordingHost";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    /// <summary>Every line written to the host.</summary>
    public IReadOnlyList<string> Lines => _ui.Lines;

    /// <summary>The message of every prompt the host was asked to show.</summary>
    public IReadOnlyList<string> Prompts => _ui.Prompts;

    /// <summary>False for a host that cannot prompt, like <c>pwsh -NonInteractive</c>: every prompt then throws as that one does.</summary>
    public bool Interactive
    {
        get => _ui.Interactive;
        set => _ui.Interactive = value;
    }

    /// <summary>The label the simulated user picks at a prompt: "Yes", "No", "Yes to All", ...</summary>
    public string Answer
    {
        get => _ui.Answer;
        set => _ui.Answer = value;
    }

    /// <summary>Answers given one per prompt, in order, before <see cref="Answer"/> is used: "No", then "Yes".</summary>
    public Queue<string> Answers => _ui.Answers;

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class RecordingUI : PSHostUserInterface
    {
        private readonly List<string> _lines = new();
        private readonly List<string> _prompts = new();

        public string Answer { get; set; } = "No";

        public Queue<string> Answers { get; } = new();

        public bool Interactive { get; set; } = true;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public IReadOnlyList<string> Prompts
        {
            get
            {
                lock (_prompts)
                {
                    return _prompts.ToArray();
                }
            }
        }

        public override PSHostRawUserInterface? RawUI => null;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            lock (_prompts)
            {
                _prompts.Add(message);
            }

            if (!Interactive)
            {
                throw new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
            }

            var answer = Answers.Count > 0 ? Answers.Dequeue() : Answer;
            for (var i = 0; i < choices.Count; i++)
            {
                if (string.Equals(choices[i].Label.Replace("&", string.Empty, StringComparison.Ordinal), answer, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"No choice '{answer}' among {string.Join(", ", choices.Select(c => c.Label))}.");
        }

        public override void Write(string value) => Add(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);

        public override void WriteLine(string value) => Add(value);

        public override void WriteErrorLine(string value) => Add(value);

        public override void WriteDebugLine(string message) => Add(message);

        public override void WriteVerboseLine(string message) => Add(message);

        public override void WriteWarningLine(string message) => Add(message);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("The tests never expect a field prompt.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("The tests never expect a credential prompt.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("The tests never expect a credential prompt.");

        public override string ReadLine() => throw new NotSupportedException("The tests never expect to be read from.");

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The tests never expect to be read from.");

        private void Add(string value)
        {
            lock (_lines)
            {
                _lines.Add(value);
            }
        }
    }
}
