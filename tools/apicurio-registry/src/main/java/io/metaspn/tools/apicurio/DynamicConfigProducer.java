package io.metaspn.tools.apicurio;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.ArrayList;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

/**
 * Supplies the registry's list of dynamic config properties, normally produced by the
 * {@code apicurio-common-app-components-config-index} extension (its Quarkus deployment jar is not
 * published, so it is excluded). An empty list: no property can be changed at run time through the
 * admin API, which the tests do not use.
 */
public class DynamicConfigProducer {

    /** The empty list of dynamic config properties. */
    @Produces
    @Singleton
    public DynamicConfigPropertyList dynamicConfigPropertyList() {
        return new DynamicConfigPropertyList(new ArrayList<>());
    }
}
