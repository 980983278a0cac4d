package dev.berth.gateway.volume;

import dev.berth.gateway.api.DockerApiException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The local driver's volume names, checked in Docker's words, and the 64-hex names of anonymous volumes. */
public final class VolumeNames {
    /** moby's names.RestrictedNameChars, as the message quotes it. */
    static final String RESTRICTED_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
    private static final Pattern VALID = Pattern.compile("^" + RESTRICTED_CHARS + "+$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private VolumeNames() {}

    /** 400 in Docker's words (moby's local driver validateName), prefixed as Docker's OpErr is: "create NAME: ...". */
    public static void validate(String name) {
        if (name.length() == 1) {
            throw DockerApiException.badRequest("create " + name
                    + ": volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!VALID.matcher(name).matches()) {
            throw DockerApiException.badRequest("create " + name + ": \"" + name
                    + "\" includes invalid characters for a local volume name, only \"" + RESTRICTED_CHARS
                    + "\" are allowed. If you intended to pass a host directory, use absolute path");
        }
    }

    /** True for a name the store may use as a directory name (what validate accepts). */
    static boolean valid(String name) {
        return name != null && name.length() > 1 && VALID.matcher(name).matches();
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
