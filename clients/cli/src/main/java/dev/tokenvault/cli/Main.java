package dev.tokenvault.cli;

/** {@code java -jar tokenvault-cli.jar ...}, normally through the {@code tokenvault} launcher script. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status = Cli.run(args, Environment.system());
        SharedHttpClient.shutdown();
        System.exit(status);
    }
}
