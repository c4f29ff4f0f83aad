package io.mailmesh.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void everySubjectAppearsOnce() {
        assertThat(Routes.ALL).extracting(Route::subject).doesNotHaveDuplicates().hasSize(11);
    }

    @Test
    void twitterDmMixesRequestsAndPublishesSoItIsNeverPublishOnly() {
        assertThat(Routes.TWITTER_DM.isPublishOnly()).isFalse();
        assertThat(Routes.TWITTER_DM.isRequestReply()).isFalse();
    }

    @Test
    void mqWorkerSubscribesToItsFourSeedRoutes() {
        assertThat(Routes.subscribedBy(Routes.MQ_WORKER)).extracting(Route::subject)
                .containsExactly("inboundSMTP", "inboundTwitter", "contactAction", "keyAction");
    }
}
