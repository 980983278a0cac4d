package dev.berth.gateway.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** The engine's stable ID for /info, created once under the gateway's root. */
public final class EngineId {
    private EngineId() {}

    public static String load(Path root) {
        Path file = root.resolve("engine-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(root);
            Path temp = Files.createTempFile(root, "engine-id", ".tmp");
            Files.writeString(temp, id + "\n");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            // an unwritable root still gets an ID, just not a lasting one
            return UUID.nameUUIDFromBytes(root.toString().getBytes()).toString();
        }
    }
}
