package dev.unrip.routes.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Camel extension a route group declares is used by a route it loads, or its pom says why it
 * is there ({@code <!-- not in a route: ... -->} as the dependency's first line): no extension is
 * carried along unused. The shared ones (routes/common) must each be used by some group.
 */
class ExtensionsUsedTest {

    private static final Path REPO = Examples.repo();

    /** An extension's artifactId (camel-quarkus-X or camel-X), and what a route that uses it says. */
    private static final Map<String, Pattern> USE = uses("""
            yaml-dsl         - (route|routeTemplate|templatedRoute|routeConfiguration):
            kafka            kafka:
            direct           direct:
            log              log:
            timer            timer:
            json-validator   json-validator:
            jackson          library: Jackson
            bean             - bean:|method:
            micrometer       micrometer:
            jsonpath         jsonpath:
            sql              sql:
            kamelet          kamelet:
            vertx-websocket  vertx-websocket:
            """);

    /** One extension per line: its name, then the pattern a route that uses it matches. */
    private static Map<String, Pattern> uses(String table) {
        Map<String, Pattern> m = new LinkedHashMap<>();
        table.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> {
            String[] parts = l.split("\\s+", 2);
            m.put(parts[0], Pattern.compile(parts[1]));
        });
        return m;
    }

    /** Each route group, and the modules whose routes it loads besides its own and routes/common's. */
    private static final Map<String, List<String>> GROUPS = groups();

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("routes/near-intents/ingest", List.of());
        m.put("routes/near-intents/normalize", List.of("routes/near-intents/normalize-mapping"));
        m.put("routes/near-intents/execute", List.of());
        m.put("routes/binance/ingest", List.of());
        m.put("routes/binance/normalize", List.of());
        m.put("routes/reactor", List.of());
        m.put("routes/trade-results", List.of());
        m.put("routes/replay", List.of("routes/near-intents/normalize-mapping", "kamelets"));
        return m;
    }

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*(?:<!--((?:(?!-->).)*)-->\\s*)?<groupId>org\\.apache\\.camel(?:\\.quarkus)?</groupId>\\s*<artifactId>camel-(?:quarkus-)?([a-z-]+)</artifactId>",
            Pattern.DOTALL);

    @Test
    void everyDeclaredExtensionIsUsedByARouteOrSaysWhyNot() throws IOException {
        List<String> problems = new ArrayList<>();
        StringBuilder everyRoute = new StringBuilder(routes("routes/common"));
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            StringBuilder loaded = new StringBuilder(routes(group.getKey())).append(routes("routes/common"));
            for (String library : group.getValue()) {
                loaded.append(routes(library));
            }
            everyRoute.append(loaded);
            check(group.getKey(), loaded.toString(), problems);
        }
        check("routes/common", everyRoute.toString(), problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void check(String module, String routes, List<String> problems) throws IOException {
        Matcher m = DEPENDENCY.matcher(Files.readString(REPO.resolve(module).resolve("pom.xml")));
        while (m.find()) {
            String why = m.group(1);
            String extension = m.group(2);
            boolean explained = why != null && why.strip().startsWith("not in a route:");
            Pattern use = USE.get(extension);
            if (use == null && !explained) {
                problems.add(module + ": camel-" + extension
                        + " is not known to this test and its pom does not say why it is there");
            } else if (use != null && !use.matcher(routes).find() && !explained) {
                problems.add(module + ": camel-" + extension + " is declared but no route it loads uses it ("
                        + use.pattern() + "); remove it, or say why in its pom: <!-- not in a route: ... -->");
            } else if (use != null && explained && use.matcher(routes).find() && !module.equals("routes/common")) {
                problems.add(module + ": camel-" + extension + " is used by a route; its pom says it is not");
            }
        }
    }

    /** The text of every *.camel.yaml (and *.kamelet.yaml) of the module's main resources. */
    private static String routes(String module) throws IOException {
        Path dir = REPO.resolve(module);
        Path resources = Files.isDirectory(dir.resolve("src/main/resources")) ? dir.resolve("src/main/resources") : dir;
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path f : files.filter(p ->
                            p.toString().endsWith(".camel.yaml") || p.toString().endsWith(".kamelet.yaml"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .sorted()
                    .toList()) {
                text.append(Files.readString(f)).append('\n');
            }
        }
        return text.toString();
    }
}
