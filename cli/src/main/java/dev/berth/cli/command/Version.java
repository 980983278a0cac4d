package dev.berth.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The CLI's version, from the pom.properties Maven puts into the jar. */
public final class Version {
    private static String current;

    private Version() {
    }

    public static synchronized String current() {
        if (current == null) {
            current = "dev";
            try (InputStream in = Version.class.getResourceAsStream("/META-INF/maven/dev.berth/berth-cli/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    current = p.getProperty("version", current);
                }
            } catch (IOException e) {
                // keep "dev": the version is informational
            }
        }
        return current;
    }
}
