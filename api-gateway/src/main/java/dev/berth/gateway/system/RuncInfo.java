package dev.berth.gateway.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The OCI runtime's own account of itself, from {@code runc --version}, asked once per binary:
 * the version does not change under a running gateway, and /info must not fork at every call.
 *
 * @param version "1.1.5+ds1", or "" when runc could not be asked
 * @param commit  the "commit:" line, "" when absent
 */
public record RuncInfo(String version, String commit) {
    private static final Map<String, RuncInfo> CACHE = new ConcurrentHashMap<>();

    public static RuncInfo of(String binary) {
        return CACHE.computeIfAbsent(binary, RuncInfo::ask);
    }

    private static RuncInfo ask(String binary) {
        try {
            Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new RuncInfo("", "");
            }
            return process.exitValue() == 0 ? parse(output) : new RuncInfo("", "");
        } catch (IOException e) {
            return new RuncInfo("", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RuncInfo("", "");
        }
    }

    /** "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n..." */
    static RuncInfo parse(String output) {
        String version = "";
        String commit = "";
        for (String line : output.split("\n")) {
            line = line.trim();
            if (line.startsWith("runc version ")) {
                version = line.substring("runc version ".length()).trim();
            } else if (line.startsWith("commit:")) {
                commit = line.substring("commit:".length()).trim();
            }
        }
        return new RuncInfo(version, commit);
    }
}
