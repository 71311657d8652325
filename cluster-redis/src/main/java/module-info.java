/** An event log on Redis: many Ringcast servers, one id space per topic. */
@SuppressWarnings("requires-automatic") // Lettuce names its module in its manifest only
module dev.ringcast.cluster.redis {
    requires transitive dev.ringcast.core;
    requires lettuce.core;
    requires io.netty.transport;
    requires io.netty.handler;

    exports dev.ringcast.cluster.redis;
}
