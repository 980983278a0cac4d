package dev.berth.cli.format;

import dev.berth.cli.format.TemplateNode.Action;
import dev.berth.cli.format.TemplateNode.Command;
import dev.berth.cli.format.TemplateNode.Dot;
import dev.berth.cli.format.TemplateNode.Field;
import dev.berth.cli.format.TemplateNode.Function;
import dev.berth.cli.format.TemplateNode.If;
import dev.berth.cli.format.TemplateNode.Literal;
import dev.berth.cli.format.TemplateNode.Nested;
import dev.berth.cli.format.TemplateNode.Operand;
import dev.berth.cli.format.TemplateNode.Pipeline;
import dev.berth.cli.format.TemplateNode.Range;
import dev.berth.cli.format.TemplateNode.Text;
import dev.berth.cli.format.TemplateNode.Variable;
import dev.berth.cli.format.TemplateNode.With;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Go text/template, as far as docker's --format needs: fields, variables, pipelines,
 * if/else, range, with, the builtins and docker's functions. Data is plain Java values
 * (maps, lists, strings, numbers, booleans, null) or {@link FieldSource}s.
 */
public final class GoTemplate {
    private final List<TemplateNode> nodes;

    private GoTemplate(List<TemplateNode> nodes) {
        this.nodes = nodes;
    }

    /** @throws TemplateException with Go's message, e.g. template: :1: function "foo" not defined */
    public static GoTemplate parse(String text) {
        return new GoTemplate(new TemplateParser(text, TemplateFunctions.ALL.keySet()).parse());
    }

    public String execute(Object data) {
        return execute(data, false);
    }

    /**
     * @param missingKeyError fail on a map key that is absent (Go's missingkey=error, which
     *        docker inspect uses) instead of printing "<no value>"
     */
    public String execute(Object data, boolean missingKeyError) {
        StringBuilder out = new StringBuilder();
        new Execution(data, missingKeyError).walk(nodes, data, out);
        return out.toString();
    }

    /** State of one execution: the variable scopes ($ is the data). */
    private static final class Execution {
        private final Deque<Map<String, Object>> scopes = new ArrayDeque<>();
        private final boolean missingKeyError;

        Execution(Object root, boolean missingKeyError) {
            this.missingKeyError = missingKeyError;
            Map<String, Object> global = new HashMap<>();
            global.put("$", root);
            scopes.push(global);
        }

        void walk(List<TemplateNode> list, Object dot, StringBuilder out) {
            for (TemplateNode node : list) {
                walk(node, dot, out);
            }
        }

        private void walk(TemplateNode node, Object dot, StringBuilder out) {
            switch (node) {
                case Text t -> out.append(t.text());
                case Action a -> {
                    Object value = pipeline(a.pipeline(), dot);
                    if (a.pipeline().variables().isEmpty()) {
                        out.append(GoValues.printAction(value));
                    }
                }
                case If i -> {
                    scopes.push(new HashMap<>());
                    try {
                        boolean truth = GoValues.truth(pipeline(i.condition(), dot));
                        walk(truth ? i.then() : i.otherwise(), dot, out);
                    } finally {
                        scopes.pop();
                    }
                }
                case With w -> {
                    scopes.push(new HashMap<>());
                    try {
                        Object value = pipeline(w.pipeline(), dot);
                        if (GoValues.truth(value)) {
                            walk(w.body(), value, out);
                        } else {
                            walk(w.otherwise(), dot, out);
                        }
                    } finally {
                        scopes.pop();
                    }
                }
                case Range r -> range(r, dot, out);
            }
        }

        private void range(Range r, Object dot, StringBuilder out) {
            Pipeline p = r.pipeline();
            // the variables of a range pipeline take key and element, not the pipeline's value
            Pipeline valueOnly = new Pipeline(List.of(), false, p.commands(), p.line(), p.source());
            Object value = pipeline(valueOnly, dot);
            List<Map.Entry<Object, Object>> items;
            try {
                items = GoValues.rangeItems(value);
            } catch (TemplateException e) {
                throw failure(p, e.getMessage());
            }
            if (items.isEmpty()) {
                walk(r.otherwise(), dot, out);
                return;
            }
            for (Map.Entry<Object, Object> item : items) {
                Map<String, Object> scope = new HashMap<>();
                Object element = GoValues.unwrap(item.getValue());
                List<String> vars = p.variables();
                if (vars.size() == 1) {
                    scope.put(vars.getFirst(), element);
                } else if (vars.size() == 2) {
                    scope.put(vars.get(0), item.getKey());
                    scope.put(vars.get(1), element);
                }
                scopes.push(scope);
                try {
                    walk(r.body(), element, out);
                } finally {
                    scopes.pop();
                }
            }
        }

        private Object pipeline(Pipeline p, Object dot) {
            Object value = null;
            boolean piped = false;
            for (Command c : p.commands()) {
                value = command(p, c, dot, value, piped);
                piped = true;
            }
            for (String variable : p.variables()) {
                if (p.declare()) {
                    scopes.peek().put(variable, value);
                } else {
                    assign(p, variable, value);
                }
            }
            return value;
        }

        private void assign(Pipeline p, String variable, Object value) {
            for (Map<String, Object> scope : scopes) {
                if (scope.containsKey(variable)) {
                    scope.put(variable, value);
                    return;
                }
            }
            throw failure(p, "undefined variable: " + variable);
        }

        private Object command(Pipeline p, Command c, Object dot, Object piped, boolean hasPiped) {
            List<Operand> operands = c.operands();
            Operand first = operands.getFirst();
            try {
                if (first instanceof Function f) {
                    List<Object> args = arguments(p, operands, dot, piped, hasPiped);
                    return TemplateFunctions.ALL.get(f.name()).apply(args);
                }
                boolean call = operands.size() > 1 || hasPiped;
                Object value = operand(p, first, dot);
                if (value instanceof TemplateMethod method) {
                    return method.call(arguments(p, operands, dot, piped, hasPiped));
                }
                if (call) {
                    throw new TemplateException("can't give argument to non-function " + p.source());
                }
                return value;
            } catch (TemplateException e) {
                if (e.getMessage().startsWith("template: ")) {
                    throw e;
                }
                String prefix = first instanceof Function f ? "error calling " + f.name() + ": " : "";
                String message = e.getMessage().startsWith("error calling ") || e.getMessage().startsWith("wrong number")
                        ? e.getMessage() : prefix + e.getMessage();
                throw failure(p, message);
            }
        }

        private List<Object> arguments(Pipeline p, List<Operand> operands, Object dot, Object piped, boolean hasPiped) {
            List<Object> args = new ArrayList<>();
            for (Operand o : operands.subList(1, operands.size())) {
                args.add(operand(p, o, dot));
            }
            if (hasPiped) {
                args.add(piped);
            }
            return args;
        }

        private Object operand(Pipeline p, Operand o, Object dot) {
            return switch (o) {
                case Dot d -> dot;
                case Literal l -> l.value();
                case Field f -> fields(p, dot, f.names());
                case Variable v -> fields(p, variable(p, v.name()), v.names());
                case Nested n -> fields(p, pipeline(n.pipeline(), dot), n.names());
                case Function f -> TemplateFunctions.ALL.get(f.name()).apply(List.of());
            };
        }

        private Object variable(Pipeline p, String name) {
            for (Map<String, Object> scope : scopes) {
                if (scope.containsKey(name)) {
                    return scope.get(name);
                }
            }
            throw failure(p, "undefined variable: " + name);
        }

        private Object fields(Pipeline p, Object receiver, List<String> names) {
            Object value = receiver;
            for (String name : names) {
                value = switch (value) {
                    case null -> throw failure(p, "nil pointer evaluating interface {}." + name);
                    case Map<?, ?> m -> {
                        if (missingKeyError && !m.containsKey(name)) {
                            throw failure(p, "map has no entry for key \"" + name + "\"");
                        }
                        yield m.get(name);
                    }
                    case FieldSource f -> {
                        if (!f.hasField(name)) {
                            throw failure(p, "can't evaluate field " + name + " in type " + f.typeName());
                        }
                        yield f.field(name);
                    }
                    default -> throw failure(p, "can't evaluate field " + name + " in type " + GoValues.typeName(value));
                };
            }
            return value;
        }

        private static TemplateException failure(Pipeline p, String message) {
            return new TemplateException("template: :" + p.line() + ": executing \"\" at <" + p.source() + ">: " + message);
        }
    }
}
