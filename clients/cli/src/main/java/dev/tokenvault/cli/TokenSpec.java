package dev.tokenvault.cli;

import dev.tokenvault.client.TokenKey;

/**
 * Which token a command means: {@code provider[/subject]} in a project, or a connection by id. The project is the
 * spec's own (a named token in tokenvault.json may name one) or the context's.
 */
record TokenSpec(String connectionId, String project, String provider, String subject) {

    static TokenSpec connection(String id) {
        return new TokenSpec(id, null, null, null);
    }

    /** {@code provider} or {@code provider/subject} (the subject may itself hold slashes). */
    static TokenSpec parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        String provider = slash < 0 ? s : s.substring(0, slash);
        String subject = slash < 0 ? null : s.substring(slash + 1);
        if (provider.isEmpty() || (subject != null && subject.isEmpty())) {
            throw new CliException(Cli.USAGE, "'" + text + "' is not provider[/subject] (for instance github or "
                    + "quickbooks/company-42)");
        }
        return new TokenSpec(null, null, provider, subject);
    }

    /** A name from tokenvault.json's tokens, else {@code provider[/subject]}. */
    static TokenSpec resolve(String text, ProjectFile file) {
        if (file != null && file.tokens().containsKey(text)) {
            return file.tokens().get(text);
        }
        return parse(text);
    }

    TokenKey key(Context context) {
        if (connectionId != null) {
            return TokenKey.connection(connectionId);
        }
        return TokenKey.of(project != null ? project : context.project(), provider, subject);
    }

    /** For messages, and for the command that repairs it. */
    String describe() {
        return connectionId != null ? "connection " + connectionId : provider + (subject == null ? "" : "/" + subject);
    }
}
