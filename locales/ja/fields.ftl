# フォームで受け付けられなかった項目の横に表示する文。API は同じ文を英語で
# 返します（problem+json の errors[].message）。項目名、コード、スコープ名・
# グラント名、URL スキーム、例示のホスト名、PALISADE_* 変数はそのままにします。

field-required = この項目は必須です。

## メールアドレス、パスワード、表示名（登録、アカウント）
field-email-required = メールアドレスを入力してください。
field-email-too-long = { $max ->
   *[other] メールアドレスは{ $max }文字以内で入力してください。
}
field-email-invalid = 送信できるメールアドレスではありません。
# テナントが特定のメールドメインのみを受け付けている場合。
field-email-domain-not-allowed = このドメインのメールアドレスではアカウントを作成できません。
field-password-too-short = { $min ->
   *[other] パスワードは{ $min }文字以上で入力してください。
}
field-password-too-long = { $max ->
   *[other] パスワードは{ $max }文字以内で入力してください。
}
field-password-too-weak = このパスワードは推測されやすいです。より長いフレーズにするか、珍しい単語を組み合わせてください。
field-display-name-too-long = { $max ->
   *[other] 表示名は{ $max }文字以内で入力してください。
}
field-display-name-control = 表示名に制御文字は使用できません。
# ログインの第 2 ステップで不明な方式が指定された場合。totp と recovery_code はコードです。
field-mfa-method = totp または recovery_code を指定してください。
# 一覧のアドレスに含まれるページ番号またはページサイズ。
field-whole-number = 1以上の整数を指定してください。
# 種類の異なる値（数値の欄に文字列など）。
field-invalid-type = 値の型が正しくありません。

## OAuth クライアント（管理）
field-client-name-required = クライアントには名前が必要です。
field-client-name-too-long = 名前は100文字以内で入力してください。
# "confidential" と "public" は種類のコードです。
field-client-type-invalid = "confidential" または "public" を指定してください。
field-client-type-immutable = クライアントの種類は変更できません。新しいクライアントを登録してください。
field-client-public-no-secret = パブリッククライアントにはシークレットがありません。
field-client-too-many-uris = URI は20件までです。
# $name は指定されたグラントタイプ（引用符付き）、$known は既知のもの（カンマ区切り）。
field-client-grant-unknown = 不明なグラントタイプ { $name } です。使用できるもの：{ $known }
# $name は指定されたスコープ（引用符付き）、$known は既知のもの（カンマ区切り）。
field-client-scope-unknown = 不明なスコープ { $name } です。使用できるもの：{ $known }
field-client-audience-too-long = オーディエンスは255文字以内で入力してください。
# アクセストークンの有効期間。
field-client-token-ttl = 60〜86400秒の範囲で指定してください。
# authorization_code はグラント名です。
field-client-code-needs-redirect = authorization_code グラントには、リダイレクト URI が1つ以上必要です。
# client_credentials はグラント名です。
field-client-public-client-credentials = パブリッククライアントはシークレットを持たないため、client_credentials を使用できません。
field-client-password-first-party = password グラントを使用できるのはファーストパーティのクライアントのみです。
field-client-public-pkce = パブリッククライアントは常に PKCE を使用します。

## クライアントのリダイレクト URI
field-redirect-too-long = リダイレクト URI は2000文字以内で入力してください。
field-redirect-wildcard = リダイレクト URI は完全一致で照合されます。ワイルドカードは使用できません。
field-redirect-not-absolute = 絶対 URI ではありません。
field-redirect-fragment = リダイレクト URI にフラグメント（#…）は含められません。
field-redirect-credentials = リダイレクト URI にユーザー名やパスワードは含められません。
field-redirect-http = http:// は、PALISADE_ALLOW_HTTP_REDIRECTS が設定されていない限り、ループバック（127.0.0.1、[::1]、localhost）でのみ使用できます。
field-redirect-scheme = https://、ループバックでの http://、または com.example.app:/callback のようなプライベートスキームを使用してください。

## プロバイダー経由のアプリのログイン（redirect_uri、code_challenge、state）
field-app-redirect-unknown = このリダイレクト URI を持つ登録済みのファーストパーティアプリはありません。
# base64url、SHA-256、code_verifier は名前なのでそのままにします。
field-app-code-challenge = code_verifier の SHA-256 を base64url で送信してください（43文字）。
field-app-state-too-long = 512文字以内で指定してください。

## ロール（管理）
# ロール名に使用できる文字の一覧。そのままにします。
field-role-name-invalid = 2〜64文字で、a-z、0-9、_ - . : を使用し、英字で始めてください。
# $name は指定された権限（引用符付き）、$known は既知のもの（カンマ区切り）。
field-role-permission-unknown = 不明な権限 { $name } です。使用できるもの：{ $known }
field-role-description-too-long = 説明は500文字以内で入力してください。

## テナント（管理）
field-tenant-slug = 英小文字・数字・ハイフンで2〜63文字とし、英字か数字で始めてください。
# テナントの表示名または製品名。
field-tenant-name = 1〜100文字で、制御文字は使用できません。
field-tenant-too-many-names = 名前が多すぎます。
field-tenant-host-name = auth.example.com のようなホスト名を指定してください（スキームとポートは不要です）。
# $languages は最後以外のすべての言語コード（"en, de, fr, es, ja"）、$last は最後のもの（"ar"）。
field-tenant-locale = { $languages }、{ $last } のいずれかを指定してください。
# 許可される最短のパスワード（文字数）。
field-tenant-password-min-length = 8〜128の範囲で指定してください。
# 許可するメールドメインが空のリストで指定された場合。
field-tenant-domains-empty = すべてのドメインを許可する場合は、この項目を省略してください。
field-tenant-mfa-roles = 1〜32個のロール名を、英小文字・数字・- と _ で指定してください（なしの場合は省略）。
# アクセストークンの有効期間。
field-tenant-access-ttl = 60秒〜1日の範囲で指定してください。
# リフレッシュトークンの有効期間。
field-tenant-refresh-ttl = 5分〜1年の範囲で、アクセストークンより長く指定してください。
field-tenant-default-settings = デフォルトテナントの設定はサーバーの構成（PALISADE_* 変数）で決まります。
field-tenant-confirm-slug = 削除するには、テナントのスラッグをもう一度入力してください。

## ID プロバイダー（管理）
field-provider-url = https:// の URL を指定してください（http:// はこのマシン上のみ）。
field-provider-text = { $max ->
   *[other] 1〜{ $max }文字で入力してください。
}
# google はプロバイダーのスラッグの例です。
field-provider-slug = 英小文字・数字・ハイフンを使用してください（例：google）。
field-provider-slug-reserved = この名前はページで使用されています。
# oidc、github、oauth2 は種類のコードです。
field-provider-kind = oidc、github、oauth2 のいずれかを指定してください。
field-provider-secret = プロバイダーが発行したシークレットを入力してください。
# openid と read:user はスコープ名の例です。
field-provider-scopes = openid や read:user のようなスコープ名を指定してください。
# data.id はパスの例です。
field-provider-claim-path = ユーザーの JSON 内を指すドット区切りのパスを指定してください（例：data.id）。
field-provider-issuer-required = OpenID プロバイダーは発行者（Issuer）URL で識別されます。
# openid はスコープ名です。
field-provider-openid-scope = OpenID プロバイダーには openid スコープが必要です。
field-provider-endpoints = 汎用の OAuth 2 プロバイダーにはエンドポイントの指定が必要です。
# amr はログイン方法を示す ID トークンのクレームです。
field-provider-trust-mfa = 2要素認証の代わりにできるのは、OpenID プロバイダーの署名付き amr のみです。
field-provider-in-use = このプロバイダー経由でログインしているユーザーがいるため、発行者、ユーザーエンドポイント、クライアント ID、サブジェクトは変更できません。代わりに別のプロバイダーを追加してください。

## コード別：項目エラーの文に専用のメッセージがない場合の表示
## （ページは `field-<code>` を表示します。ID には API のコードがそのまま入っています）。
field-too_long = 長すぎます。
field-too_short = 短すぎます。
field-too_many = 多すぎます。
field-too_weak = このパスワードは推測されやすいです。より長いフレーズにするか、珍しい単語を組み合わせてください。
field-invalid = この値は無効です。
field-invalid_value = この値は無効です。
field-invalid_type = 値の型が正しくありません。
field-invalid_email = 送信できるメールアドレスではありません。
field-invalid_url = https:// の URL を指定してください（http:// はこのマシン上のみ）。
field-invalid_slug = 英小文字・数字・ハイフンを使用してください。
field-invalid_redirect_uri = このリダイレクト URI は使用できません。
field-immutable = これは変更できません。
field-read_only = これは変更できません。
field-reserved = この名前は使用されています。
field-public_client = パブリッククライアントにはシークレットがありません。
field-unsupported_locale = この言語は利用できません。
field-not_registered = 登録されていません。
field-in_use = 使用中のため変更できません。
field-domain_not_allowed = このドメインのメールアドレスではアカウントを作成できません。
