package dev.berth.cli.attach;

import java.util.List;

/** docker's --detach-keys: "ctrl-p,ctrl-q" (the default), single characters, ctrl-@ .. ctrl-_, DEL. */
public final class DetachKeys {
    /** ctrl-p ctrl-q. */
    public static final byte[] DEFAULT = {16, 17};

    private static final List<String> CONTROL_KEYS = List.of("ctrl-@", "ctrl-a", "ctrl-b", "ctrl-c", "ctrl-d", "ctrl-e",
            "ctrl-f", "ctrl-g", "ctrl-h", "ctrl-i", "ctrl-j", "ctrl-k", "ctrl-l", "ctrl-m", "ctrl-n", "ctrl-o", "ctrl-p",
            "ctrl-q", "ctrl-r", "ctrl-s", "ctrl-t", "ctrl-u", "ctrl-v", "ctrl-w", "ctrl-x", "ctrl-y", "ctrl-z", "ctrl-[",
            "ctrl-\\", "ctrl-]", "ctrl-^", "ctrl-_");

    private DetachKeys() {
    }

    /** The key codes of a sequence (moby/term's ToBytes). */
    public static byte[] parse(String keys) {
        String[] parts = keys.split(",", -1);
        byte[] codes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String key = parts[i];
            if (key.length() == 1) {
                codes[i] = (byte) key.charAt(0);
            } else if (CONTROL_KEYS.contains(key)) {
                codes[i] = (byte) CONTROL_KEYS.indexOf(key);
            } else if (key.equals("DEL")) {
                codes[i] = 127;
            } else {
                throw new IllegalArgumentException("Unknown character: '" + key + "'");
            }
        }
        return codes;
    }

    /** The user's sequence, or the default when none is given or it is invalid (as docker falls back). */
    public static byte[] orDefault(String keys) {
        if (keys == null || keys.isEmpty()) {
            return DEFAULT;
        }
        try {
            return parse(keys);
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
    }
}
