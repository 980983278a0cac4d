package dev.berth.dockerfile;

import dev.berth.dockerfile.instruction.ArgInstruction;
import dev.berth.dockerfile.instruction.FromInstruction;
import dev.berth.dockerfile.instruction.Instruction;
import dev.berth.dockerfile.instruction.InstructionException;
import dev.berth.dockerfile.instruction.InstructionParser;
import dev.berth.dockerfile.syntax.Node;
import dev.berth.dockerfile.syntax.SyntaxException;
import dev.berth.dockerfile.syntax.SyntaxParser;
import dev.berth.dockerfile.syntax.SyntaxTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed Dockerfile: the ARGs before the first FROM (meta args, the only variables FROM may
 * use) and the stages. Parsing reports Docker 20.10's errors with Docker's words.
 *
 * @param metaArgs    ARG instructions before the first FROM
 * @param stages      the stages in order
 * @param escapeToken '\\' or '`' (from the escape directive), for {@link Substitution}
 * @param warnings    Docker's parser warnings, which the build prints
 */
public record Dockerfile(List<ArgInstruction> metaArgs, List<Stage> stages, int escapeToken, List<String> warnings) {
    public Dockerfile {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
    }

    public static Dockerfile parse(String text) throws DockerfileException {
        return parse(text, "Dockerfile");
    }

    /** @param fileName the Dockerfile's name in the context, which Docker's messages mention */
    public static Dockerfile parse(String text, String fileName) throws DockerfileException {
        if (text.isEmpty()) throw new DockerfileException("the Dockerfile (" + fileName + ") cannot be empty", 0);
        SyntaxTree tree;
        try {
            tree = SyntaxParser.parse(text);
        } catch (SyntaxException e) {
            throw new DockerfileException("failed to parse " + fileName + ": " + e.getMessage(), e.startLine());
        }
        List<ArgInstruction> metaArgs = new ArrayList<>();
        List<FromInstruction> froms = new ArrayList<>();
        List<List<Instruction>> bodies = new ArrayList<>();
        for (Node node : tree.nodes()) {
            Heredocs.refuse(node, tree.escapeToken());
            Instruction instruction = parseInstruction(node);
            if (instruction instanceof FromInstruction from) {
                froms.add(from);
                bodies.add(new ArrayList<>());
            } else if (froms.isEmpty() && instruction instanceof ArgInstruction arg) {
                metaArgs.add(arg);
            } else if (froms.isEmpty()) {
                throw new DockerfileException("no build stage in current context", node.startLine());
            } else {
                bodies.get(bodies.size() - 1).add(instruction);
            }
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < froms.size(); i++) stages.add(new Stage(i, froms.get(i), bodies.get(i)));
        return new Dockerfile(metaArgs, stages, tree.escapeToken(), tree.warnings());
    }

    private static Instruction parseInstruction(Node node) throws DockerfileException {
        try {
            return InstructionParser.parse(node);
        } catch (InstructionException e) {
            String message = e.parseError()
                    ? "dockerfile parse error line " + node.startLine() + ": " + e.getMessage()
                    : e.getMessage();
            throw new DockerfileException(message, node.startLine());
        }
    }

    /**
     * The stages a build runs: all of them, or those up to {@code --target} (matched
     * case-insensitively). Also refuses a stage name used twice among them, as Docker does when
     * it reaches the second one.
     */
    public List<Stage> stagesToBuild(String target) throws DockerfileException {
        List<Stage> selected = stages;
        if (target != null && !target.isEmpty()) {
            int index = -1;
            for (Stage stage : stages) {
                if (stage.isNamed(target)) {
                    index = stage.index();
                    break;
                }
            }
            if (index < 0) throw new DockerfileException("failed to reach build target " + target + " in Dockerfile", 0);
            selected = stages.subList(0, index + 1);
        }
        Set<String> names = new HashSet<>();
        for (Stage stage : selected) {
            if (stage.name().isPresent() && !names.add(stage.name().get())) {
                throw new DockerfileException(stage.name().get() + " stage name already used", stage.from().origin().startLine());
            }
        }
        return selected;
    }

    /** Docker's "Step n/m" total: meta ARGs, then per stage its FROM and its instructions. */
    public int stepCount(List<Stage> toBuild) {
        int count = metaArgs.size();
        for (Stage stage : toBuild) count += 1 + stage.instructions().size();
        return count;
    }

    /**
     * The earlier stage a FROM refers to, given its image after meta-ARG substitution: a stage
     * built before {@code currentIndex} whose name matches (case-insensitively). Empty means an image.
     */
    public Optional<Stage> earlierStageNamed(String image, int currentIndex) {
        for (int i = 0; i < currentIndex && i < stages.size(); i++) {
            if (stages.get(i).isNamed(image)) return Optional.of(stages.get(i));
        }
        return Optional.empty();
    }

    /**
     * Resolves {@code COPY --from=value} in stage {@code currentIndex} as Docker 20.10 does: an
     * earlier stage's name, else a stage index (an error if it is this or a later stage), else an
     * image reference.
     */
    public CopySource copySource(String value, int currentIndex) throws DockerfileException {
        Optional<Stage> named = earlierStageNamed(value, currentIndex);
        if (named.isPresent()) return new CopySource.FromStage(named.get());
        long index;
        try {
            index = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return new CopySource.FromImage(value);
        }
        if (index == currentIndex) {
            throw new DockerfileException("invalid from flag value " + value + ": refers to current build stage", 0);
        }
        if (index < 0 || index > currentIndex) {
            throw new DockerfileException("invalid from flag value " + value + ": index out of bounds", 0);
        }
        return new CopySource.FromStage(stages.get((int) index));
    }
}
