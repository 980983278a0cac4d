package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.shell.SubstitutionException;

/**
 * An instruction on which Docker's builder substitutes variables before running it (ADD, ARG,
 * COPY, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR; FROM with the meta ARGs only).
 * RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD and MAINTAINER are left to the shell or kept
 * verbatim, as in Docker.
 */
public interface Expandable<T extends Instruction> {
    T expand(WordExpander expander) throws SubstitutionException;
}
