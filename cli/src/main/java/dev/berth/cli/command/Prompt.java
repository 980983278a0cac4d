package dev.berth.cli.command;

import dev.berth.cli.io.Io;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** docker's confirmation prompt: the question and " [y/N] " on stdout; only "y" or "Y" (blanks trimmed) says yes. */
public final class Prompt {

    private Prompt() {
    }

    public static boolean confirm(Io io, String message) throws IOException {
        io.out().print(message + " [y/N] ");
        io.out().flush();
        String answer = readLine(io.stdin());
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }

    /** One line without its terminator, or null at end of input; no read-ahead beyond it. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.write(c);
        }
        if (c < 0 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
