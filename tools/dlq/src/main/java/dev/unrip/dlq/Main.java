package dev.unrip.dlq;

import dev.unrip.contracts.TopicCatalogue;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The dead-letter tools, configured by environment ({@link Settings}):
 *
 * <pre>
 *   summary  make dlq: per dead-letter topic, counts by stage and reason, oldest and newest record
 *   show     make dlq-show TOPIC=… [REASON=regex] [N=10]: the newest records with headers and body
 *   redrive  make redrive TOPIC=… [REASON=regex] [MAX=…] [RATE=…/s] [DRY_RUN=1] [RESET=1]
 * </pre>
 *
 * Exit status: 0 done, 1 the broker or a send failed, 2 a bad argument, 3 refused (another re-drive
 * of the topic runs).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        System.exit(run(command, System.getenv(), System.out, System.err));
    }

    /**
     * One run as the make targets start it, on the checkout's catalogue; the integration tests call
     * it in-process. Returns the exit status.
     */
    public static int run(String command, java.util.Map<String, String> env, PrintStream out, PrintStream err) {
        return run(command, env, catalogue(), out, err);
    }

    static int run(
            String command,
            java.util.Map<String, String> env,
            TopicCatalogue catalogue,
            PrintStream out,
            PrintStream err) {
        List<String> dlqTopics = deadLetterTopics(catalogue);
        try {
            Settings settings = Settings.fromEnvironment(env);
            return switch (command) {
                case "summary" -> Summary.run(settings, dlqTopics, out);
                case "show" -> Show.run(requireTopic(settings, dlqTopics, "dlq-show"), out);
                case "redrive" -> Redrive.run(requireTopic(settings, dlqTopics, "redrive"), out);
                default -> {
                    err.println("usage: dlq summary|show|redrive (got '" + command + "')");
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Kafka.Unreachable | IllegalStateException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The catalogue's topics of class dlq, in its order. */
    static List<String> deadLetterTopics(TopicCatalogue catalogue) {
        return catalogue.topics().stream()
                .filter(t -> t.topicClass().equals("dlq"))
                .map(TopicCatalogue.Topic::name)
                .toList();
    }

    private static Settings requireTopic(Settings settings, List<String> dlqTopics, String target) {
        if (settings.topic().isEmpty()) {
            throw new IllegalArgumentException(
                    "make " + target + " TOPIC=<dead-letter topic>: one of " + String.join(", ", dlqTopics));
        }
        if (!dlqTopics.contains(settings.topic())) {
            throw new IllegalArgumentException("TOPIC " + settings.topic()
                    + " is not a dead-letter topic of the catalogue (schemas/topics.yaml, class dlq): "
                    + String.join(", ", dlqTopics));
        }
        return settings;
    }

    /** schemas/topics.yaml of the checkout ({@code -Dunrip.repo}), else the copy packaged with unrip-schemas. */
    private static TopicCatalogue catalogue() {
        Path file = Path.of(System.getProperty("unrip.repo", ".")).resolve("schemas/topics.yaml");
        return Files.isRegularFile(file) ? TopicCatalogue.load(file) : TopicCatalogue.fromClasspath();
    }
}
