package dev.tokenvault.cli;

/** Asking the person at the terminal; absent when there is none (a pipe, a CI job). */
interface Prompt {

    String readLine(String prompt);

    /** Read without echo. */
    char[] readPassword(String prompt);

    /** The process's terminal, or null when standard input or output is not one. */
    static Prompt console() {
        java.io.Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return null;
        }
        return new Prompt() {
            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
            }
        };
    }

    /**
     * From JDK 22, {@code System.console()} is there even when the streams are redirected; {@code isTerminal()} (JDK
     * 22+, called reflectively: the CLI is built for 17) says whether it really is a terminal.
     */
    private static boolean isTerminal(java.io.Console console) {
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException olderJdk) {
            return true; // before 22 a console exists only for a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
