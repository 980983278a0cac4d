package dev.berth.cli.format;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One row of a list command (ps, images, ...) as a template sees it: named fields computed
 * on demand, unknown names an error, like docker's formatter contexts.
 */
public final class Row implements FieldSource {
    private final String typeName;
    private final Map<String, Supplier<Object>> fields = new LinkedHashMap<>();
    private final boolean lenient;
    private Supplier<Object> json;

    private Row(String typeName, boolean lenient) {
        this.typeName = typeName;
        this.lenient = lenient;
    }

    public static Row of(String typeName) {
        return new Row(typeName, false);
    }

    /** The header of a table: each field's column title; fields without one print nothing. */
    public static Row header(Map<String, String> titles) {
        Row row = new Row("header", true);
        titles.forEach((name, title) -> row.put(name, () -> title));
        // a method's header is its argument: {{.Label "app"}} heads its column with "app"
        row.put("Label", () -> (TemplateMethod) args -> args.isEmpty() ? "" : GoValues.format(args.getFirst()));
        return row;
    }

    public Row put(String name, Supplier<Object> value) {
        fields.put(name, value);
        return this;
    }

    /**
     * What {{json .}} prints instead of the sorted field map: for rows that stand for a Go struct
     * marshalled in declaration order with its JSON tags (docker's events.Message).
     */
    public Row json(Supplier<Object> value) {
        this.json = value;
        return this;
    }

    /** The value {{json .}} marshals. */
    public Object jsonValue() {
        return json != null ? json.get() : asMap();
    }

    @Override
    public boolean hasField(String name) {
        return lenient || fields.containsKey(name);
    }

    @Override
    public Object field(String name) {
        Supplier<Object> value = fields.get(name);
        if (value == null) {
            if (lenient) {
                return "";
            }
            throw new TemplateException("can't evaluate field " + name + " in type " + typeName);
        }
        return value.get();
    }

    @Override
    public String typeName() {
        return typeName;
    }

    /** The field values by name, methods left out: what {{json .}} prints (sorted, as Go marshals the row). */
    public Map<String, Object> asMap() {
        Map<String, Object> values = new java.util.TreeMap<>();
        fields.forEach((k, v) -> {
            Object value = v.get();
            if (!(value instanceof TemplateMethod)) {
                values.put(k, value);
            }
        });
        return values;
    }

    @Override
    public String toString() {
        return GoValues.format(asMap());
    }
}
