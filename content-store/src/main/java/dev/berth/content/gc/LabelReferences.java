package dev.berth.content.gc;

import java.util.Map;
import java.util.function.Consumer;

/**
 * containerd's reference and root labels on content, snapshots and images (metadata/gc.go):
 * <ul>
 * <li>{@code containerd.io/gc.ref.content} and {@code containerd.io/gc.ref.content.<name>}
 *     (or {@code /<name>}): the value is a digest the labelled thing keeps;
 * <li>{@code containerd.io/gc.ref.snapshot.<snapshotter>}, optionally followed by
 *     {@code /<name>} (containerd) or {@code .<name>}: the value is a snapshot key;
 * <li>{@code containerd.io/gc.root}: the labelled thing is kept whatever refers to it.
 * </ul>
 */
final class LabelReferences {
    static final String ROOT = "containerd.io/gc.root";
    private static final String CONTENT = "containerd.io/gc.ref.content";
    private static final String SNAPSHOT = "containerd.io/gc.ref.snapshot.";

    private LabelReferences() {}

    static boolean isRoot(Map<String, String> labels) {
        return labels.containsKey(ROOT);
    }

    /** Sends every node the labels refer to. */
    static void forEach(Map<String, String> labels, Consumer<GcNode> visitor) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey();
            if (key.startsWith(CONTENT)) {
                if (key.length() == CONTENT.length() || key.charAt(CONTENT.length()) == '.' || key.charAt(CONTENT.length()) == '/') {
                    visitor.accept(GcNode.content(label.getValue()));
                }
            } else if (key.startsWith(SNAPSHOT) && key.length() > SNAPSHOT.length()) {
                String snapshotter = key.substring(SNAPSHOT.length());
                // snapshotter names (overlayfs, native, btrfs) hold neither '/' nor '.'
                int end = firstOf(snapshotter, '/', '.');
                visitor.accept(GcNode.snapshot(end < 0 ? snapshotter : snapshotter.substring(0, end), label.getValue()));
            }
        }
    }

    private static int firstOf(String text, char a, char b) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
