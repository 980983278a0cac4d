package dev.berth.dockerfile;

/** What {@code COPY --from=x} copies from: an earlier stage, or an image to pull or find. */
public sealed interface CopySource {
    record FromStage(Stage stage) implements CopySource {}

    record FromImage(String reference) implements CopySource {}
}
