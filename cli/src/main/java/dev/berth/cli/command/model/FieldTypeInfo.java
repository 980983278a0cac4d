package dev.berth.cli.command.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ITypeInfo;

/**
 * A field's type as picocli's parser needs it: the type and its element types (a List's, an
 * array's, or the type itself), both known at build time. What picocli's own, non-public,
 * RuntimeTypeInfo answers for a reflected field.
 */
final class FieldTypeInfo implements ITypeInfo {
    private final Class<?> type;
    private final Class<?>[] auxiliaryTypes;

    FieldTypeInfo(Class<?> type, Class<?>[] auxiliaryTypes) {
        this.type = type;
        this.auxiliaryTypes = auxiliaryTypes.clone();
    }

    @Override
    public boolean isBoolean() {
        return auxiliaryTypes[0] == boolean.class || auxiliaryTypes[0] == Boolean.class;
    }

    @Override
    public boolean isMultiValue() {
        return isArray() || isCollection() || isMap();
    }

    @Override
    public boolean isOptional() {
        return type.getName().equals("java.util.Optional");
    }

    @Override
    public boolean isArray() {
        return type.isArray() && type != char[].class;
    }

    @Override
    public boolean isCollection() {
        return Collection.class.isAssignableFrom(type);
    }

    @Override
    public boolean isMap() {
        return Map.class.isAssignableFrom(type);
    }

    @Override
    public boolean isEnum() {
        return auxiliaryTypes[0].isEnum();
    }

    @Override
    public List<String> getEnumConstantNames() {
        List<String> names = new ArrayList<>();
        if (isEnum()) {
            for (Object constant : auxiliaryTypes[0].getEnumConstants()) {
                names.add(constant.toString());
            }
        }
        return names;
    }

    @Override
    public String getClassName() {
        return type.getName();
    }

    @Override
    public String getClassSimpleName() {
        return type.getSimpleName();
    }

    @Override
    public List<ITypeInfo> getAuxiliaryTypeInfos() {
        List<ITypeInfo> infos = new ArrayList<>();
        for (Class<?> auxiliary : auxiliaryTypes) {
            infos.add(new FieldTypeInfo(auxiliary, new Class<?>[] {auxiliary}));
        }
        return infos;
    }

    @Override
    public List<String> getActualGenericTypeArguments() {
        if (!isCollection() && !isMap() && !isOptional()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Class<?> auxiliary : auxiliaryTypes) {
            names.add(auxiliary.getName());
        }
        return names;
    }

    @Override
    public Class<?> getType() {
        return type;
    }

    @Override
    public Class<?>[] getAuxiliaryTypes() {
        return auxiliaryTypes;
    }
}
