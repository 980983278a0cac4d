package dev.berth.cli.format;

import java.util.List;

/** The parse tree of a template. */
sealed interface TemplateNode {

    record Text(String text) implements TemplateNode {
    }

    /** {{pipeline}}: prints the value unless the pipeline declares variables. */
    record Action(Pipeline pipeline) implements TemplateNode {
    }

    record If(Pipeline condition, List<TemplateNode> then, List<TemplateNode> otherwise) implements TemplateNode {
    }

    record Range(Pipeline pipeline, List<TemplateNode> body, List<TemplateNode> otherwise) implements TemplateNode {
    }

    record With(Pipeline pipeline, List<TemplateNode> body, List<TemplateNode> otherwise) implements TemplateNode {
    }

    /** cmd | cmd | ..., optionally declaring ($x :=) or assigning ($x =) variables. */
    record Pipeline(List<String> variables, boolean declare, List<Command> commands, int line, String source) {
    }

    record Command(List<Operand> operands) {
    }

    sealed interface Operand {
    }

    record Dot() implements Operand {
    }

    /** .A.B relative to dot. */
    record Field(List<String> names) implements Operand {
    }

    /** $ or $x, then optional .A.B. */
    record Variable(String name, List<String> names) implements Operand {
    }

    record Literal(Object value) implements Operand {
    }

    record Function(String name) implements Operand {
    }

    /** (pipeline) then optional .A.B. */
    record Nested(Pipeline pipeline, List<String> names) implements Operand {
    }
}
