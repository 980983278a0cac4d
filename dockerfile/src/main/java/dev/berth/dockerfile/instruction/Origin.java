package dev.berth.dockerfile.instruction;

/**
 * Where an instruction came from: Docker's instruction name and source text, which the build
 * output prints ("Step 2/5 : RUN echo hi") and the layer cache keys on.
 *
 * @param name      lower-cased instruction name, Docker's {@code Name()} ("run")
 * @param text      the logical line, continuations joined and trimmed, Docker's {@code String()}
 * @param startLine 1-based first physical line
 * @param endLine   1-based last physical line
 */
public record Origin(String name, String text, int startLine, int endLine) {}
