package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the docs stay true to the repository: every relative link of every Markdown file
 * reaches a file (and a heading, when it names one), and every command the README shows names a
 * script that exists and is executable, a {@code scripts/preview} command and flag it takes, and a
 * stack the app synthesizes.
 */
class DocsTest {
    private static final Path ROOT = SynthesizedEnvironments.ROOT;
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern SCRIPT = Pattern.compile("(?<![\\w/.-])(scripts/[\\w./-]+)");

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(path -> path.toString().endsWith(".md"))
                    .filter(path -> {
                        String relative = ROOT.relativize(path).toString();
                        return !relative.startsWith("node_modules") && !relative.contains("/node_modules/")
                                && !relative.contains("target/") && !relative.startsWith(".") && !relative.contains("cdktf.out");
                    })
                    .sorted().toList();
        }
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(file)) {
            code ^= line.startsWith("```");
            if (!code && line.startsWith("#")) {
                anchors.add(anchor(line.replaceFirst("^#+", "")));
            }
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkReachesAFileAndItsHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : markdownFiles()) {
            String text = Files.readString(file).replaceAll("(?s)```.*?```", "");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^(https?|mailto):.*")) {
                    continue;
                }
                checked++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String heading = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(file) + ": " + target + " (no such file)");
                } else if (heading != null && Files.isRegularFile(resolved) && !anchors(resolved).contains(heading)) {
                    broken.add(ROOT.relativize(file) + ": " + target + " (no such heading)");
                }
            }
        }
        assertTrue(checked > 20, "the docs link to each other: " + checked + " links checked");
        assertEquals(List.of(), broken);
    }

    /** The commands of the README's code blocks. */
    private static List<String> readmeCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        for (String block : bashBlocks(ROOT.resolve("README.md"))) {
            block.lines().forEach(line -> commands.add(line.replaceFirst("#.*$", "").strip()));
        }
        return commands;
    }

    /** The text of each {@code bash} code block of a Markdown file, in order. */
    static List<String> bashBlocks(Path markdown) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(markdown)) {
            if (line.startsWith("```")) {
                if (block != null) {
                    blocks.add(block.toString());
                }
                block = line.equals("```bash") ? new StringBuilder() : null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void everyScriptTheReadmeRunsExistsAndIsExecutable() throws IOException {
        List<String> scripts = new ArrayList<>();
        for (String command : readmeCommands()) {
            Matcher script = SCRIPT.matcher(command);
            while (script.find()) {
                scripts.add(script.group(1));
            }
        }
        assertTrue(scripts.containsAll(List.of("scripts/local-deploy.sh", "scripts/preview")), scripts.toString());
        for (String script : scripts) {
            Path file = ROOT.resolve(script);
            assertTrue(Files.isRegularFile(file), script + " is in the README and must exist");
            assertTrue(Files.isExecutable(file), script + " is run directly by the README and must be executable");
        }
    }

    @Test
    void everyPreviewCommandAndFlagTheReadmeShowsIsOneTheScriptTakes() throws IOException {
        String preview = Files.readString(ROOT.resolve("scripts/preview"));
        Set<String> shown = new HashSet<>();
        for (String command : readmeCommands()) {
            if (!command.startsWith("scripts/preview ")) {
                continue;
            }
            String[] words = command.split("\\s+");
            shown.add(words[1]);
            assertTrue(preview.contains("\"" + words[1] + "\""), "scripts/preview has no command " + words[1]);
            for (String word : words) {
                if (word.startsWith("--")) {
                    assertTrue(preview.contains("\"" + word + "\""), "scripts/preview takes no flag " + word);
                }
            }
        }
        assertEquals(Set.of("up", "down", "list", "sweep", "drift"), shown, "the README shows every preview command");
    }

    @Test
    void theStacksTheDocsNameAreStacksTheAppSynthesizes() throws IOException {
        Set<String> stacks = new HashSet<>(SynthesizedEnvironments.stacks("dev").keySet());
        List<String> named = new ArrayList<>();
        Pattern deploy = Pattern.compile("cdktf (?:deploy|destroy) ([a-z][a-z0-9 -]*?)(?: --|$)");
        for (Path file : List.of(ROOT.resolve("README.md"), ROOT.resolve("docs/deploying.md"))) {
            for (String line : Files.readAllLines(file)) {
                Matcher command = deploy.matcher(line.replaceFirst("#.*$", "").strip());
                if (command.find()) {
                    for (String stack : command.group(1).split("\\s+")) {
                        named.add(stack);
                        assertTrue(stacks.contains(stack), file.getFileName() + " names stack " + stack + ", which dev does not have: " + stacks);
                    }
                }
            }
        }
        assertTrue(named.contains("bootstrap"), "docs/deploying.md deploys the bootstrap: " + named);
    }
}
