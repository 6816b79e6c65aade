package dev.tokenvault.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

@Command(name = "completion", mixinStandardHelpOptions = true, header = "Print a bash/zsh completion script.",
        description = {
        "Print a completion script for bash and zsh.",
        "bash: source <(tokenvault completion)   (or save it in /etc/bash_completion.d/tokenvault)",
        "zsh:  autoload -U +X bashcompinit && bashcompinit && source <(tokenvault completion)" })
final class CompletionCommand extends Subcommand {

    @Override
    public Integer call() {
        out().print(AutoComplete.bash("tokenvault", spec.root().commandLine()));
        out().flush();
        return Cli.OK;
    }
}
