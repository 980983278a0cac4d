package dev.berth.cli.compose.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A Compose file read twice by SnakeYAML: as plain values (anchors, aliases and merge keys
 * resolved by its safe constructor) and as a node tree, kept only for the line of each key, so
 * that an error can say where it is ("docker-compose.yml:12").
 */
public record YamlFile(Path path, Map<String, Object> root, Map<String, Integer> lines) {

    public static YamlFile read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ComposeFileException("Failed to read " + path + ": " + e.getMessage());
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Object value;
        Map<String, Integer> lines = new HashMap<>();
        try {
            value = yaml.load(text);
            Node node = yaml.compose(new java.io.StringReader(text));
            if (node != null) {
                index(node, "", lines);
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ComposeFileException(path.getFileName() + ":" + line + ": " + e.getProblem());
        } catch (RuntimeException e) {
            throw new ComposeFileException(path.getFileName() + ": " + e.getMessage());
        }
        if (value == null) {
            throw new ComposeFileException(path.getFileName() + ": empty compose file");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ComposeFileException(path.getFileName() + ":1: top-level object must be a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) map;
        return new YamlFile(path, root, lines);
    }

    /** "docker-compose.yml:12: " for a key path such as services.web.ports, or the nearest parent's line. */
    public String where(String keyPath) {
        String path = keyPath;
        while (true) {
            Integer line = lines.get(path);
            if (line != null) {
                return this.path.getFileName() + ":" + line + ": ";
            }
            int dot = path.lastIndexOf('.');
            if (dot < 0) {
                return this.path.getFileName() + ": ";
            }
            path = path.substring(0, dot);
        }
    }

    private static void index(Node node, String path, Map<String, Integer> lines) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    lines.putIfAbsent(child, key.getStartMark().getLine() + 1);
                    index(tuple.getValueNode(), child, lines);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                String child = path + "[" + i + "]";
                lines.putIfAbsent(child, item.getStartMark().getLine() + 1);
                index(item, child, lines);
            }
        }
    }
}
