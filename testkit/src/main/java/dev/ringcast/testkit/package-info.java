/**
 * Test support, not published: the transports' tests run in real servlet containers
 * ({@link dev.ringcast.testkit.ServletContainer}, one per {@link dev.ringcast.testkit.ContainerKind})
 * and in a real browser ({@link dev.ringcast.testkit.HeadlessChromium}); their resumption is tested
 * through a proxy that cuts connections abruptly ({@link dev.ringcast.testkit.CuttingProxy}).
 */
package dev.ringcast.testkit;
