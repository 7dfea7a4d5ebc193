/**
 * `feed.xsl`: shows an RSS or Atom feed opened in a browser as a page that says what a feed is and how to
 * subscribe, then lists the items. Text only (titles, dates, summaries as text, never as HTML), so a feed
 * cannot inject markup through it; the RSS channel description, HTML-escaped text, is unescaped to text first. Browsers that no longer run XSLT show the raw, still readable feed;
 * every HTML page also advertises the feeds with `<link rel="alternate">`.
 */
export const FEED_STYLESHEET = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8" indent="no"/>
  <xsl:template match="/">
    <html>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title|atom:feed/atom:title"/> (feed)</title>
        <style>body{font:16px/1.6 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.note{background:#f1f4f9;border-radius:6px;padding:.75rem 1rem}code{word-break:break-all}a{color:#0b57d0}
li{margin:0 0 1.25rem}.meta{color:#666;font-size:.85rem}</style>
      </head>
      <body>
        <div class="note">
          <p><strong>This is a web feed.</strong> Copy its address into a feed reader to get new articles as they are published:</p>
          <p><code><xsl:value-of select="rss/channel/atom:link[@rel='self']/@href|atom:feed/atom:link[@rel='self']/@href"/></code></p>
          <p>Any feed reader works (for example NetNewsWire, Feedly, Inoreader, Thunderbird or newsboat).</p>
        </div>
        <xsl:apply-templates select="rss/channel|atom:feed"/>
      </body>
    </html>
  </xsl:template>
  <xsl:template match="channel">
    <h1><a href="{link}"><xsl:value-of select="title"/></a></h1>
    <p><xsl:call-template name="html-text"><xsl:with-param name="s" select="description"/></xsl:call-template></p>
    <ul>
      <xsl:for-each select="item">
        <li><a href="{link}"><strong><xsl:value-of select="title"/></strong></a>
          <div class="meta"><xsl:value-of select="pubDate"/></div></li>
      </xsl:for-each>
    </ul>
    <xsl:if test="atom:link[@rel='prev-archive']"><p><a href="{atom:link[@rel='prev-archive']/@href}">Older articles</a></p></xsl:if>
  </xsl:template>
  <xsl:template match="atom:feed">
    <h1><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h1>
    <p><xsl:value-of select="atom:subtitle"/></p>
    <ul>
      <xsl:for-each select="atom:entry">
        <li><a href="{atom:link[@rel='alternate']/@href}"><strong><xsl:value-of select="atom:title"/></strong></a>
          <div class="meta"><xsl:value-of select="atom:published"/></div>
          <p><xsl:value-of select="atom:summary"/></p></li>
      </xsl:for-each>
    </ul>
    <xsl:if test="atom:link[@rel='prev-archive']"><p><a href="{atom:link[@rel='prev-archive']/@href}">Older articles</a></p></xsl:if>
  </xsl:template>
  <!-- An RSS description is HTML by convention, so ours is plain text HTML-escaped (render-rss.ts): shown as
       the text it stands for, one entity at a time, and still written out as text, never as markup. -->
  <xsl:template name="html-text">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&amp;')">
        <xsl:value-of select="substring-before($s, '&amp;')"/>
        <xsl:variable name="rest" select="substring-after($s, '&amp;')"/>
        <xsl:variable name="entity" select="substring-before($rest, ';')"/>
        <xsl:choose>
          <xsl:when test="$entity = 'amp'">&amp;</xsl:when>
          <xsl:when test="$entity = 'lt'">&lt;</xsl:when>
          <xsl:when test="$entity = 'gt'">&gt;</xsl:when>
          <xsl:when test="$entity = 'quot'">"</xsl:when>
          <xsl:when test="$entity = '#39'">'</xsl:when>
          <xsl:otherwise>&amp;</xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="html-text">
          <xsl:with-param name="s">
            <xsl:choose>
              <xsl:when test="$entity = 'amp' or $entity = 'lt' or $entity = 'gt' or $entity = 'quot' or $entity = '#39'"><xsl:value-of select="substring-after($rest, ';')"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$rest"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
`;
