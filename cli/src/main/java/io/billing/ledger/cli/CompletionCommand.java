package io.billing.ledger.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code billing completion bash|zsh}: prints picocli's completion script, generated from the same
 * command model the parser uses, so completions never drift from the commands.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script: source <(billing completion bash) in ~/.bashrc, "
                + "or the same with zsh in ~/.zshrc.")
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        // One script serves both: picocli's generated script turns on bashcompinit when zsh runs it.
        String script = AutoComplete.bash("billing", spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
