package dev.berth.cli.flags;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * docker's --env-file and --label-file format: one KEY=VALUE a line; leading blanks, empty
 * lines and #-comments ignored; a bare KEY takes its value from the lookup (the CLI's
 * environment for env files) and is dropped when that has none.
 */
public final class KeyValueFile {

    private KeyValueFile() {
    }

    /**
     * @param lookup the value of a bare KEY, or null to drop it; a null lookup drops every bare key
     */
    public static List<String> parse(Path file, Function<String, String> lookup) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("open " + file + ": no such file or directory");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid env file (" + file + "): invalid utf8 bytes");
        } catch (IOException e) {
            throw new IllegalArgumentException("open " + file + ": " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.stripLeading();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("invalid env file (" + file + "): no variable name on line '" + line + "'");
            }
            if (key.contains(" ") || key.contains("\t")) {
                throw new IllegalArgumentException("invalid env file (" + file + "): variable '" + key + "' contains whitespaces");
            }
            if (eq >= 0) {
                lines.add(line);
            } else if (lookup != null) {
                String value = lookup.apply(key);
                if (value != null) {
                    lines.add(key + "=" + value);
                }
            }
        }
        return lines;
    }
}
