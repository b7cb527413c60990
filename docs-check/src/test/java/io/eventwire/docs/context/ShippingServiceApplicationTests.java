package io.eventwire.docs.context;

/**
 * The reader's own {@code @EventwireTest} class, which a snippet extends to run it against MongoDB.
 */
public class ShippingServiceApplicationTests {

}
