# 管理ページ（templates/pages/admin_*.html と src/web/pages/admin/）。識別子はそのまま
# 表示され、これらのメッセージには含まれません：監査アクション、権限名、グラントタイプ、
# スコープのコード、アプリとプロバイダーの種類、ロール名、組み込みロールの説明。

## 複数の管理ページで共通
# 表や見出しで名前の横に表示する小さなラベル。
admin-badge-built-in = 組み込み
admin-badge-active = 有効
admin-badge-disabled = 無効
admin-badge-verified = 確認済み
admin-badge-not-verified = 未確認
# ログインプロバイダーのオン・オフ。
admin-badge-on = オン
admin-badge-off = オフ
admin-delete = 削除
admin-remove = 削除
admin-save = 保存

## 各管理ページ上部のタブ（templates/pages/admin_nav.html）
# スクリーンリーダーが読み上げるタブのナビゲーション名。
admin-nav = 管理
admin-nav-users = ユーザー
admin-nav-roles = ロール
admin-nav-clients = アプリ
admin-nav-providers = ログインプロバイダー
admin-nav-tenants = テナント
admin-nav-audit = 監査ログ

## /admin/users（templates/pages/admin_users.html）
admin-users-title = ユーザー
admin-users-search-label = メールアドレスまたは名前に含まれる文字列
admin-users-role = ロール
# 何も絞り込まないロールフィルターの選択肢。
admin-users-role-any = すべて
admin-users-search = 検索
# 検索で見つかったユーザーの数（全ページの合計）。
admin-users-count = { $count ->
   *[other] { $count }人のユーザー
}
# スクリーンリーダー用：表の内容と並び順。
admin-users-caption = ユーザー（新しい順）
admin-users-col-email = メールアドレス
admin-users-col-name = 名前
admin-users-col-roles = ロール
admin-users-col-status = 状態
admin-users-col-created = 作成日

## /admin/users/{id}（templates/pages/admin_user.html）。タイトルはユーザーの
## メールアドレスです。
admin-user-account = アカウント
admin-user-id = ID
admin-user-name = 名前
# 名前を設定していないユーザーの名前の代わりに表示します。
admin-user-no-name = –
admin-user-email = メールアドレス
admin-user-status = 状態
admin-user-created = 作成日
admin-user-last-sign-in = 最終ログイン
# 最終ログイン日時の代わりに表示します。
admin-user-never = なし
admin-user-audit-link = このユーザーの監査イベント
admin-user-enable = 有効にする
admin-user-disable = 無効にする
admin-user-verify = メールアドレスを確認済みにする
admin-user-roles = ロール
# スクリーンリーダー用に、ロール $role の横の削除ボタンを示します。
admin-user-remove-role = ロール { $role } を削除
admin-user-add-role-label = ロールを追加
admin-user-add-role = 追加
admin-user-delete-heading = ユーザーの削除
admin-user-delete-text = アカウントと個人データが消去されます。この操作は元に戻せません。
admin-user-delete-confirm = はい、このアカウントとそのデータを削除します
# メールアドレスが $email のユーザーを削除するボタン。
admin-user-delete = { $email } を削除
# 変更後のお知らせ。
admin-user-updated = ユーザーを更新しました。
admin-user-roles-changed = ロールを変更しました。
# フォームのエラー。
admin-user-delete-unconfirmed = 削除を確認するには、チェックボックスをオンにしてください。
admin-user-action-unknown = disable、enable、verify のいずれかを選択してください。
admin-user-op-unknown = grant または revoke を選択してください。

## /admin/roles（templates/pages/admin_roles.html）
admin-roles-title = ロール
admin-roles-caption = ロールとその権限
admin-roles-col-role = ロール
admin-roles-col-description = 説明
admin-roles-col-permissions = 権限
# ボタンの列の見出し（スクリーンリーダー専用）。
admin-roles-col-action = 操作
# スクリーンリーダー用に、ロール $role の削除ボタンを示します。
admin-roles-delete-label = ロール { $role } を削除
admin-roles-new = 新しいロール
admin-roles-field-name = 名前
admin-roles-field-description = 説明
admin-roles-permissions = 権限
admin-roles-create = ロールを作成
admin-roles-created = ロールを作成しました。
admin-roles-deleted = ロールを削除しました。

## /admin/audit（templates/pages/admin_audit.html）
admin-audit-title = 監査ログ
admin-audit-user-id = ユーザー ID
admin-audit-user-id-invalid = ユーザー ID（UUID）を指定してください。
# login.failed などの監査アクション。
admin-audit-action = アクション
admin-audit-filter = 絞り込み
# フィルターで見つかったイベントの数（全ページの合計）。
admin-audit-count = { $count ->
   *[other] { $count }件のイベント
}
admin-audit-caption = 監査イベント（新しい順）
admin-audit-col-when = 日時
admin-audit-col-actor = 実行者
admin-audit-col-target = 対象
# イベントの送信元の IP アドレス。
admin-audit-col-address = アドレス
admin-audit-col-details = 詳細

## /admin/clients：アプリと呼ぶ OAuth クライアント（templates/pages/admin_clients.html）
admin-clients-title = アプリ
admin-clients-secret-heading = クライアントシークレット
# $client はアプリのクライアント ID（コードとして表示）。
admin-clients-secret-text = { $client } のシークレットです。表示されるのは今回だけです。アプリの設定に保存してください。
admin-clients-caption = このサーバーでユーザーをログインさせるアプリ
admin-clients-col-app = アプリ
admin-clients-col-client-id = クライアント ID
admin-clients-type = 種類
admin-clients-col-redirect-uris = リダイレクト URI
admin-clients-col-grants = グラント
# ボタンの列の見出し（スクリーンリーダー専用）。
admin-clients-col-actions = 操作
# サーバーが信頼するアプリ：ユーザーに同意を求めません。
admin-badge-first-party = ファーストパーティ
# スクリーンリーダー用に、アプリ $app の「新しいシークレット」ボタンを示します。
admin-clients-new-secret-label = { $app } の新しいシークレット
admin-clients-new-secret = 新しいシークレット
# スクリーンリーダー用に、アプリ $app の削除ボタンを示します。
admin-clients-delete-label = アプリ { $app } を削除
admin-clients-new = アプリを登録
admin-clients-field-name = 名前
admin-clients-confidential = コンフィデンシャル（シークレットを保持するサーバー）
admin-clients-public = パブリック（シングルページアプリまたはネイティブアプリ）
admin-clients-redirect-uris = リダイレクト URI（1行に1つ）
admin-clients-post-logout-uris = ログアウト後のリダイレクト先（1行に1つ、任意）
admin-clients-grants = グラント（未選択の場合：認可コードとリフレッシュトークン）
admin-clients-first-party = ファーストパーティ：信頼済みのため、ユーザーに同意を求めません
admin-clients-register = 登録
admin-clients-created = アプリを登録しました。ID は下の一覧に表示されています。
admin-clients-rotated = 新しいシークレットを作成しました。古いシークレットは猶予期間中は引き続き使用できます。
admin-clients-deleted = アプリを削除し、そのセッションを終了しました。

## /admin/providers：パスワードの代わりに使えるログイン先
## （templates/pages/admin_providers.html）
admin-providers-title = ログインプロバイダー
admin-providers-none = プロバイダーはまだありません。ユーザーはパスワードまたはパスキーでログインします。
admin-providers-slug = スラッグ
# プロバイダーのアドレス：発行者または認可エンドポイント。
admin-providers-at = アドレス
admin-providers-client-id = クライアント ID
admin-providers-redirect-uri = リダイレクト URI
# ログインページのプロバイダーのボタンに表示する文言。
admin-providers-button-text = ボタンの文言
admin-providers-enabled = オン：ログインページに表示する
admin-providers-allow-signup = 新しいユーザーのアカウントを作成する
admin-providers-link-by-email = 確認済みのメールアドレスが同じ既存のアカウントと連携する
admin-providers-trust-mfa = プロバイダーでの2要素認証を、このサーバーの2要素認証の代わりとする
admin-providers-new-secret = 新しいクライアントシークレット（変更しない場合は空欄）
# スクリーンリーダー用に、プロバイダー $provider の削除ボタンを示します。
admin-providers-remove-label = { $provider } を削除
admin-providers-new = プロバイダーを追加
# $uri はプレースホルダー {slug} を含むリダイレクト URI（コードとして表示）。
admin-providers-callback-hint = プロバイダー側で、{ $uri }（slug は実際のスラッグに置き換え）をリダイレクト URI として登録してください。
admin-providers-kind = 種類
admin-providers-kind-oidc = OpenID Connect（Google、Microsoft、GitLab、Okta、Auth0、Keycloak など）
admin-providers-kind-github = GitHub
admin-providers-kind-oauth2 = その他の OAuth 2（下記のエンドポイントを指定）
admin-providers-field-slug = スラッグ（URL に使用：英字、数字、ハイフン）
admin-providers-field-issuer = 発行者（Issuer）URL（OpenID Connect）
admin-providers-field-client-secret = クライアントシークレット
admin-providers-field-scopes = スコープ（任意、スペース区切り）
admin-providers-field-authorization-endpoint = 認可エンドポイント（その他の OAuth 2）
admin-providers-field-token-endpoint = トークンエンドポイント（その他の OAuth 2）
admin-providers-field-userinfo-endpoint = ユーザー情報エンドポイント（その他の OAuth 2）
admin-providers-add = プロバイダーを追加
admin-providers-created = プロバイダーを追加しました。プロバイダー側でリダイレクト URI を登録してください。
admin-providers-updated = プロバイダーを変更しました。
admin-providers-deleted = プロバイダーと、それを通じて連携していた ID を削除しました。

## /admin/tenants（templates/pages/admin_tenants.html）
admin-tenants-title = テナント
admin-tenants-hint = 各テナントは、それぞれ独立したユーザーベースとなります。空欄の設定はサーバーの設定に従います。
admin-tenants-name = 名前
admin-tenants-hosts = ホスト（1行に1つ）
admin-tenants-settings = 設定
admin-tenants-signup = 新規登録
# 設定をサーバーの構成に任せる選択肢。
admin-tenants-as-server = サーバーの設定に従う
# 新規登録の許可・停止。
admin-tenants-signup-allowed = 許可
admin-tenants-signup-closed = 停止
admin-tenants-verified = ログイン前のメールアドレス確認
# 確認済みのメールアドレスが必須かどうか。
admin-tenants-verified-required = 必須
admin-tenants-verified-not-required = 不要
admin-tenants-default-language = デフォルトの言語
admin-tenants-product-name = 製品名
admin-tenants-password-min = パスワードの最小文字数
admin-tenants-email-domains = 登録を許可するメールドメイン（1行に1つ）
admin-tenants-mfa-roles = 2要素認証を必須とするロール
admin-tenants-access-ttl = アクセストークンの有効期間（秒）
admin-tenants-session-ttl = セッションの有効期間（秒）
# $slug はテナントのスラッグ（コードとして表示）。削除するには入力が必要です。
admin-tenants-delete-confirm = 削除するには { $slug } と入力してください
admin-tenants-hosts-read-only = ホスト
admin-tenants-new = テナントを作成
admin-tenants-field-slug = スラッグ（a-z、0-9、- で2〜63文字）
admin-tenants-field-hosts = ホスト（1行に1つ、任意）
admin-tenants-field-admin-email = 最初の管理者のメールアドレス（任意：パスワード設定用のリンクが届きます）
admin-tenants-create = テナントを作成
admin-tenants-created = テナントを作成しました。
admin-tenants-updated = テナントを変更しました。
admin-tenants-deleted = テナントを削除しました。
