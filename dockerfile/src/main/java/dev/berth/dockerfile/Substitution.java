package dev.berth.dockerfile;

import dev.berth.dockerfile.instruction.Expandable;
import dev.berth.dockerfile.instruction.FromInstruction;
import dev.berth.dockerfile.instruction.Instruction;
import dev.berth.dockerfile.instruction.WordExpander;
import dev.berth.dockerfile.shell.Expansion;
import dev.berth.dockerfile.shell.ShellLexer;
import dev.berth.dockerfile.shell.SubstitutionException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's variable substitution as the builder applies it. The builder passes the environment
 * in effect at an instruction: the stage's ENV plus the build args the stage declared with ARG
 * (see {@link #environment}); for FROM, only the meta ARGs. RUN, CMD, ENTRYPOINT, SHELL,
 * HEALTHCHECK, ONBUILD and MAINTAINER come back unchanged, as Docker leaves them to the shell.
 */
public final class Substitution {
    private final ShellLexer lexer;

    public Substitution(int escapeToken) {
        this.lexer = new ShellLexer(escapeToken);
    }

    public static Substitution of(Dockerfile dockerfile) {
        return new Substitution(dockerfile.escapeToken());
    }

    /** One word processed (quotes removed, variables substituted), with the variables it used. */
    public Expansion word(String word, Map<String, String> env) throws SubstitutionException {
        return lexer.process(word, env);
    }

    /** An instruction after substitution and the variables it read (for the cache key). */
    public record Expanded<T extends Instruction>(T instruction, Set<String> usedVariables, Set<String> unsetVariables) {
        public Expanded {
            usedVariables = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(usedVariables));
            unsetVariables = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(unsetVariables));
        }
    }

    /** Applies Docker's per-instruction rules; non-substituted instructions come back as they are. */
    public <T extends Instruction> Expanded<T> expand(T instruction, Map<String, String> env) throws SubstitutionException {
        if (instruction instanceof FromInstruction) {
            throw new IllegalArgumentException("FROM substitutes only the meta ARGs: use expandFrom");
        }
        Recorder recorder = new Recorder(env);
        if (!(instruction instanceof Expandable<?> expandable)) return recorder.result(instruction);
        @SuppressWarnings("unchecked")
        T expanded = (T) expandable.expand(recorder);
        return recorder.result(expanded);
    }

    /** FROM's image and --platform with the meta ARGs (ARG before the first FROM, after --build-arg). */
    public Expanded<FromInstruction> expandFrom(FromInstruction from, Map<String, String> metaArgs)
            throws SubstitutionException {
        Recorder recorder = new Recorder(metaArgs);
        return recorder.result(from.expand(recorder));
    }

    /**
     * The environment Docker substitutes with: the ENV list ("k=v"; a later entry wins) plus the
     * build args allowed in the stage, where ENV wins over a build arg of the same name.
     */
    public static Map<String, String> environment(List<String> env, Map<String, String> allowedBuildArgs) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq < 0) merged.put(entry, "");
            else merged.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        allowedBuildArgs.forEach(merged::putIfAbsent);
        return merged;
    }

    /** A WordExpander that records which variables the words read. */
    private final class Recorder implements WordExpander {
        private final Map<String, String> env;
        private final Set<String> used = new LinkedHashSet<>();
        private final Set<String> unset = new LinkedHashSet<>();

        Recorder(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public String word(String word) throws SubstitutionException {
            return record(lexer.process(word, env)).word();
        }

        @Override
        public List<String> words(String word) throws SubstitutionException {
            return record(lexer.process(word, env)).words();
        }

        private Expansion record(Expansion expansion) {
            used.addAll(expansion.usedVariables());
            unset.addAll(expansion.unsetVariables());
            return expansion;
        }

        <T extends Instruction> Expanded<T> result(T instruction) {
            return new Expanded<>(instruction, used, unset);
        }
    }
}
