// A PowerShell host that keeps, as text, what a console would show: the output Out-Default writes at a
// fixed width, errors, warnings, verbose lines and the "What if:" lines ShouldProcess writes straight to
// the host (no stream carries those). build/Samples.psm1 compiles it with Add-Type to render the sample
// outputs of the README and the help; it never asks anything, so a prompt fails the sample instead of
// hanging it.
#nullable enable
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace RunAgents.Build
{
    /// <summary>A host whose console is a string, <see cref="Width"/> columns wide.</summary>
    public sealed class SampleHost : PSHost
    {
        private readonly SampleHostUserInterface _ui;

        /// <summary>A host that renders at <paramref name="width"/> columns.</summary>
        public SampleHost(int width)
        {
            Width = width;
            _ui = new SampleHostUserInterface(new SampleRawUserInterface(width));
        }

        /// <summary>The width output is rendered at.</summary>
        public int Width { get; }

        /// <inheritdoc/>
        public override string Name => "RunAgentsSampleHost";

        /// <inheritdoc/>
        public override Version Version { get; } = new Version(1, 0);

        /// <inheritdoc/>
        public override Guid InstanceId { get; } = Guid.NewGuid();

        /// <inheritdoc/>
        public override PSHostUserInterface UI => _ui;

        // One culture for every sample, whatever the machine's: numbers and dates read the same everywhere.
        /// <inheritdoc/>
        public override CultureInfo CurrentCulture { get; } = CultureInfo.GetCultureInfo("en-US");

        /// <inheritdoc/>
        public override CultureInfo CurrentUICulture { get; } = CultureInfo.GetCultureInfo("en-US");

        /// <summary>What was written since the last call, and forgets it.</summary>
        public string TakeText() => _ui.TakeText();

        /// <inheritdoc/>
        public override void EnterNestedPrompt() => throw SampleHostUserInterface.CannotAsk("enter a nested prompt");

        /// <inheritdoc/>
        public override void ExitNestedPrompt() => throw SampleHostUserInterface.CannotAsk("leave a nested prompt");

        /// <inheritdoc/>
        public override void NotifyBeginApplication()
        {
        }

        /// <inheritdoc/>
        public override void NotifyEndApplication()
        {
        }

        /// <inheritdoc/>
        public override void SetShouldExit(int exitCode)
        {
        }
    }

    /// <summary>The host's console: everything written is kept, nothing can be read.</summary>
    public sealed class SampleHostUserInterface : PSHostUserInterface
    {
        private readonly StringBuilder _text = new StringBuilder();
        private readonly object _gate = new object();

        /// <summary>A console over <paramref name="rawUI"/>.</summary>
        public SampleHostUserInterface(PSHostRawUserInterface rawUI) => RawUI = rawUI;

        /// <inheritdoc/>
        public override PSHostRawUserInterface RawUI { get; }

        /// <summary>What was written since the last call, and forgets it.</summary>
        public string TakeText()
        {
            lock (_gate)
            {
                string text = _text.ToString();
                _text.Clear();
                return text;
            }
        }

        /// <inheritdoc/>
        public override void Write(string value) => Append(value);

        /// <inheritdoc/>
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

        /// <inheritdoc/>
        public override void WriteLine(string value) => Append(value + "\n");

        /// <inheritdoc/>
        public override void WriteErrorLine(string value) => Append(value + "\n");

        // The prefixes are the console host's own.
        /// <inheritdoc/>
        public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");

        /// <inheritdoc/>
        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");

        /// <inheritdoc/>
        public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");

        // A progress bar is gone once the command ends: a console's scrollback does not keep it either.
        /// <inheritdoc/>
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        /// <inheritdoc/>
        public override string ReadLine() => throw CannotAsk("read a line");

        /// <inheritdoc/>
        public override SecureString ReadLineAsSecureString() => throw CannotAsk("read a secret");

        /// <inheritdoc/>
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw CannotAsk("prompt for " + string.Join(", ", descriptions.Select(d => d.Name)));

        /// <inheritdoc/>
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw CannotAsk("prompt for a credential");

        /// <inheritdoc/>
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw CannotAsk("prompt for a credential");

        /// <inheritdoc/>
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw CannotAsk("ask: " + message);

        /// <summary>The error of a sample that waits for a person.</summary>
        internal static PSInvalidOperationException CannotAsk(string what) =>
            new PSInvalidOperationException($"A sample runs unattended, so it cannot {what}; mark it as an illustration instead.");

        // Formatting colours table headers and phases whatever the host; PowerShell's own rule takes the
        // escape sequences out again for a host without a terminal, as this one is.
        private void Append(string value)
        {
            lock (_gate)
            {
                _text.Append(GetOutputString(value, supportsVirtualTerminal: false));
            }
        }
    }

    /// <summary>A console of a fixed width that cannot be read from or drawn on.</summary>
    public sealed class SampleRawUserInterface : PSHostRawUserInterface
    {
        private readonly Size _size;

        /// <summary>A console <paramref name="width"/> columns wide.</summary>
        public SampleRawUserInterface(int width) => _size = new Size(width, 50);

        /// <inheritdoc/>
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        /// <inheritdoc/>
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        // Formatting reads the width from here; setting it is ignored, so that every sample has the same.
        /// <inheritdoc/>
        public override Size BufferSize
        {
            get => new Size(_size.Width, 9999);
            set { }
        }

        /// <inheritdoc/>
        public override Coordinates CursorPosition { get; set; }

        /// <inheritdoc/>
        public override int CursorSize { get; set; }

        /// <inheritdoc/>
        public override bool KeyAvailable => false;

        /// <inheritdoc/>
        public override Size MaxPhysicalWindowSize => _size;

        /// <inheritdoc/>
        public override Size MaxWindowSize => _size;

        /// <inheritdoc/>
        public override Coordinates WindowPosition { get; set; }

        /// <inheritdoc/>
        public override Size WindowSize
        {
            get => _size;
            set { }
        }

        /// <inheritdoc/>
        public override string WindowTitle { get; set; } = string.Empty;

        /// <inheritdoc/>
        public override void FlushInputBuffer()
        {
        }

        /// <inheritdoc/>
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException("A sample's console cannot be read back.");

        /// <inheritdoc/>
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw SampleHostUserInterface.CannotAsk("read a key");

        /// <inheritdoc/>
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
        {
        }

        /// <inheritdoc/>
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
        {
        }

        /// <inheritdoc/>
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
        {
        }
    }
}
