package dev.tokenvault.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.tokenvault.client.JsonTrees;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the run's context, its streams, JSON output. */
@Command
abstract class Subcommand implements Callable<Integer> {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Spec
    CommandSpec spec;

    Context context() {
        return ((TokenvaultCommand) spec.root().userObject()).context();
    }

    Environment env() {
        return context().env();
    }

    PrintWriter out() {
        return env().out();
    }

    PrintWriter err() {
        return env().err();
    }

    void printJson(JsonNode node) {
        out().println(JsonTrees.pretty(node));
    }

    /** Columns padded to their widest cell. */
    void printTable(java.util.List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i] == null ? 1 : row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i] == null ? "-" : row[i];
                line.append(i == row.length - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
            }
            out().println(line.toString().stripTrailing());
        }
    }

    static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
