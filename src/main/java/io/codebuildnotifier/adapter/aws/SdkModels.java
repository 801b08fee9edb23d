package io.codebuildnotifier.adapter.aws;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Loads the model classes of an AWS answer, its nested structures, lists and maps included, as the
 * SDK's unmarshaller does when a first real answer has them: for a SnapStart snapshot, when the
 * priming call's own answer is empty (a build CodeBuild does not know, a secret that does not
 * exist). No call, no data: only the SDK's own description of the answer's shape.
 */
final class SdkModels {
    private SdkModels() {
    }

    /**
     * @param builder a builder of the answer ({@code BatchGetBuildsResponse::builder})
     * @return how many structures were loaded
     */
    static int load(Supplier<? extends SdkPojo> builder) {
        return load(builder::get, new HashSet<>());
    }

    private static int load(Supplier<? extends SdkPojo> constructor, Set<Class<?>> seen) {
        SdkPojo builder = constructor.get();
        if (!seen.add(builder.getClass())) {
            return 0;
        }
        int loaded = 1;
        for (SdkField<?> field : builder.sdkFields()) {
            loaded += field(field, seen);
        }
        if (builder instanceof SdkBuilder<?, ?> buildable) {
            buildable.build(); // the structure's own class, not only its builder's
        }
        return loaded;
    }

    private static int field(SdkField<?> field, Set<Class<?>> seen) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO && field.constructor() != null) {
            return load(field.constructor(), seen);
        }
        if (type == MarshallingType.LIST) {
            return field.getOptionalTrait(ListTrait.class).map(list -> field(list.memberFieldInfo(), seen)).orElse(0);
        }
        if (type == MarshallingType.MAP) {
            return field.getOptionalTrait(MapTrait.class).map(map -> field(map.valueFieldInfo(), seen)).orElse(0);
        }
        return 0;
    }
}
