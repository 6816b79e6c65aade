package dev.tokenvault.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.tokenvault.client.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "projects", mixinStandardHelpOptions = true, description = "List projects.",
        subcommands = ProjectsCommand.Ls.class)
final class ProjectsCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "The projects you belong to, with your role (an administrator sees all).")
    static final class Ls extends Subcommand {

        @Option(names = "--json", description = "print the service's JSON")
        boolean json;

        @Override
        public Integer call() {
            List<Project> projects = context().vault().projects();
            if (json) {
                ArrayNode array = NODES.arrayNode();
                projects.forEach(p -> array.add(p.json()));
                printJson(array);
                return Cli.OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] { "NAME", "ROLE", "DISPLAY NAME", "ID" });
            for (Project p : projects) {
                rows.add(new String[] { p.name(), orDash(p.role()), orDash(p.displayName()), p.id() });
            }
            printTable(rows);
            return Cli.OK;
        }
    }
}
