package io.dataplug.worker;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.storage.CredentialsInUriException;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.util.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import io.dataplug.core.reader.PodEnvironment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import picocli.CommandLine.Command;

/**
 * The {@code dataplug} command line: preprocess, partition, evaluate slices, and run the preprocessing tasks
 * of a Kubernetes Job. Exit codes: 0 success, 1 data or storage error, 2 bad usage.
 */
@Command(name = "dataplug", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = DataplugCli.Version.class,
        description = "Partition huge scientific files in object storage without rewriting them.",
        subcommands = {PreprocessCommand.class, PartitionCommand.class, SliceCommand.class, TaskCommand.class,
                FormatsCommand.class, CommandLine.HelpCommand.class})
public final class DataplugCli {

    public static final int OK = 0;
    public static final int DATA_ERROR = 1;
    public static final int USAGE = 2;

    private static final InheritableThreadLocal<Map<String, String>> ENV = new InheritableThreadLocal<>();

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), args));
    }

    /** Runs a command in this JVM and returns its exit code. */
    public static int execute(String... args) {
        return execute(System.getenv(), args);
    }

    /** Runs a command with {@code env} standing in for the process environment (as a pod would see it). */
    public static int execute(Map<String, String> env, String... args) {
        Map<String, String> previous = ENV.get();
        ENV.set(env);
        try {
            CommandLine cl = new CommandLine(new DataplugCli());
            cl.setExecutionExceptionHandler((e, cmd, parsed) -> report(cmd.getErr(), e));
            cl.setParameterExceptionHandler(DataplugCli::usageError);
            return cl.execute(args);
        } finally {
            ENV.set(previous);
        }
    }

    static String env(String name) {
        return environment().get(name);
    }

    /** The command's environment: the process's, or the one a pod run in this JVM was given. */
    static Map<String, String> environment() {
        Map<String, String> env = ENV.get();
        return env != null ? env : System.getenv();
    }

    /**
     * Stores for one command. Credentials come from the standard AWS chain, except that keys in the
     * command's environment ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}[/{@code AWS_SESSION_TOKEN}],
     * e.g. from a pod's Secret) are used as given, so an in-process run sees what a pod would.
     */
    static StoreCache stores() {
        return new StoreCache(credentials());
    }

    /** The keys in the command's environment, or null for the standard AWS chain (see {@link #stores()}). */
    static AwsCredentialsProvider credentials() {
        String id = env("AWS_ACCESS_KEY_ID");
        String secret = env("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return null;
        }
        String token = env("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
    }

    /** The Indexed Job's completion index, for commands whose --index was not given. */
    static int completionIndex() {
        return new PodEnvironment(environment()).index();
    }

    /** A bad command line: one line naming the problem and where the command's help is, instead of the whole help. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String hint = e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                ? " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)" : "";
        PrintWriter err = cmd.getErr();
        err.println("dataplug: " + Messages.safe(e.getMessage().replace('\n', ' ').strip()) + hint + "; see '"
                + cmd.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return USAGE;
    }

    /**
     * One line on stderr: secret-shaped text redacted and control characters escaped (a message may quote data
     * or a URI someone typed).
     */
    private static int report(PrintWriter err, Exception e) {
        boolean usage = e instanceof InvalidRequestException || e instanceof CredentialsInUriException;
        Throwable shown = e instanceof UncheckedIOException && e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        String msg = shown.getMessage() != null ? shown.getMessage() : shown.getClass().getSimpleName();
        err.println("dataplug: " + (usage ? "" : "error: ") + Messages.safe(msg.replace('\n', ' ')));
        if (env("DATAPLUG_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return usage ? USAGE : DATA_ERROR;
    }

    /** The version Maven wrote into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = DataplugCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IOException("version.properties is missing from the build");
                }
                p.load(in);
            }
            return new String[] {"dataplug " + p.getProperty("version"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
